package io.runwarden.analyzer.bench;

import io.runwarden.analyzer.Msgs;
import io.runwarden.analyzer.stream.AnalyzerSettings;
import io.runwarden.analyzer.stream.StreamsProperties;
import io.runwarden.analyzer.stream.SweepEventsTopic;
import io.runwarden.analyzer.stream.TopologyFactory;
import io.runwarden.localkafka.EmbeddedKafkaBroker;
import io.runwarden.localkafka.TopicBootstrap;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.codec.ProtocolCodec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * {@code ./runwarden bench-analyzer}: not a test. On an in-process broker it measures (1) messages/s through the
 * analyzer (exactly-once) against a plain consumer reading the same topic in the same run, and (2) end-to-end
 * latency from an agent producing a NaN step to the command being consumed (read_committed), with 1,000
 * concurrent runs, for two commit intervals. Options: --messages N (300000), --runs N (1000), --partitions N (6),
 * --threads N (1), --throughput-commit-ms N (100), --commit-intervals 100,20 (latency rounds).
 */
public final class AnalyzerBenchmark {

    private AnalyzerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = 300_000;
        int runs = 1000;
        int partitions = 6;
        int threads = 1;
        List<Long> commitIntervals = List.of(100L, 20L);
        long throughputCommitMs = 100;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--messages" -> messages = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--throughput-commit-ms" -> throughputCommitMs = Long.parseLong(args[++i]);
                case "--commit-intervals" -> commitIntervals = Arrays.stream(args[++i].split(","))
                        .map(Long::parseLong).toList();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("runwarden-bench-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            String bootstrap = broker.bootstrapServers();
            TopicBootstrap.createProtocolTopics(bootstrap, partitions);
            SweepEventsTopic.ensure(bootstrap);
            System.out.printf(Locale.ROOT, "broker up; topics with %d partitions; %d stream thread(s)%n", partitions,
                    threads);
            throughput(bootstrap, messages, threads, throughputCommitMs, dir);
            for (long commit : commitIntervals) {
                latency(bootstrap, runs, threads, commit, dir);
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void throughput(String bootstrap, int messages, int threads, long commitMs, Path dir)
            throws Exception {
        int runs = 1000;
        int steps = Math.max(1, messages / runs);
        java.util.concurrent.atomic.AtomicLong acked = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap, true)) {
            for (int step = 1; step <= steps; step++) {
                for (int r = 0; r < runs; r++) {
                    MetricEvent e = new Msgs("tp-" + r).train(step, 2.0 - 0.0005 * step + ((step * 31 + r) % 7) * 0.002,
                            0.9 + ((step + r) % 5) * 0.01);
                    producer.send(new ProducerRecord<>(Topics.METRICS, e.runId(), ProtocolCodec.encodeMetric(e)),
                            (meta, error) -> (error == null ? acked : failed).incrementAndGet());
                }
            }
            producer.flush();
        }
        long total = acked.get();
        if (failed.get() > 0) {
            System.out.printf(Locale.ROOT, "warning: %,d sends failed (broker overloaded?)%n", failed.get());
        }
        System.out.printf(Locale.ROOT, "produced %,d train messages of %d runs%n", total, runs);

        long plainStart = System.nanoTime();
        long read = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "bench-plain",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.METRICS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (read < total) {
                read += consumer.poll(Duration.ofMillis(200)).count();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("plain consumer read only " + read + " of " + total);
                }
            }
        }
        double plainRate = total / seconds(plainStart);

        String appId = "bench-analyzer-" + UUID.randomUUID();
        Properties props = StreamsProperties.exactlyOnce(bootstrap, appId, dir.resolve(appId), commitMs);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        long streamsStart;
        double analyzerRate;
        try (KafkaStreams streams = new KafkaStreams(TopologyFactory.build(AnalyzerSettings.defaults()), props);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            AtomicBoolean running = new AtomicBoolean();
            streams.setStateListener((now, before) -> running.set(now == KafkaStreams.State.RUNNING));
            streams.start();
            awaitTrue(running::get, Duration.ofSeconds(60));
            streamsStart = System.nanoTime();
            Map<TopicPartition, Long> ends = endOffsets(admin);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (!caughtUp(admin, appId, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the analyzer did not catch up within 300 s");
                }
                TimeUnit.MILLISECONDS.sleep(50); // polling interval of the measurement, not synchronisation
            }
            analyzerRate = total / seconds(streamsStart);
            streams.close(Duration.ofSeconds(30));
        }
        System.out.printf(Locale.ROOT, "throughput: analyzer %,.0f msg/s (exactly_once_v2, commit.interval.ms=%d) vs plain"
                + " consumer %,.0f msg/s on the same topic -> ratio %.2f%n", analyzerRate, commitMs, plainRate, analyzerRate / plainRate);
    }

    private static void latency(String bootstrap, int runs, int threads, long commitMs, Path dir) throws Exception {
        String appId = "bench-latency-" + UUID.randomUUID();
        Properties props = StreamsProperties.exactlyOnce(bootstrap, appId, dir.resolve(appId), commitMs);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "latest");
        String prefix = "lat" + commitMs + "-";
        Map<String, Long> nanSentAt = new ConcurrentHashMap<>();
        List<Double> latenciesMs = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        try (KafkaStreams streams = new KafkaStreams(TopologyFactory.build(AnalyzerSettings.defaults()), props);
             KafkaProducer<String, byte[]> producer = producer(bootstrap, false)) {
            AtomicBoolean running = new AtomicBoolean();
            streams.setStateListener((now, before) -> running.set(now == KafkaStreams.State.RUNNING));
            streams.start();
            awaitTrue(running::get, Duration.ofSeconds(60));
            Thread reader = new Thread(() -> readCommands(bootstrap, prefix, nanSentAt, latenciesMs, stop),
                    "bench-command-reader");
            reader.start();
            // 1,000 runs step in turn (about 4 steps/s each); run r sends a NaN at step 12 + r % 20.
            long begin = System.nanoTime();
            int maxSteps = 35;
            for (int step = 1; step <= maxSteps; step++) {
                long tickStart = System.nanoTime();
                for (int r = 0; r < runs; r++) {
                    Msgs m = new Msgs(prefix + r);
                    int nanStep = 12 + r % 20;
                    MetricEvent e;
                    if (step == nanStep) {
                        e = m.train(step, Double.NaN);
                    } else if (step == 5) {
                        e = m.checkpoint(step);
                    } else {
                        e = m.train(step, 2.0 - 0.001 * step + ((step * 31 + r) % 7) * 0.002);
                    }
                    if (step > nanStep) {
                        continue; // the agent obeyed; it stops sending in this simulation
                    }
                    byte[] value = ProtocolCodec.encodeMetric(e);
                    if (step == nanStep) {
                        nanSentAt.put(e.runId(), System.nanoTime());
                    }
                    producer.send(new ProducerRecord<>(Topics.METRICS, e.runId(), value));
                }
                long sleep = 250 - (System.nanoTime() - tickStart) / 1_000_000;
                if (sleep > 0) {
                    TimeUnit.MILLISECONDS.sleep(sleep); // pacing of the simulated trainers
                }
            }
            producer.flush();
            awaitTrue(() -> latenciesMs.size() >= runs, Duration.ofSeconds(60));
            stop.set(true);
            reader.join();
            List<Double> sorted = latenciesMs.stream().sorted().collect(Collectors.toList());
            System.out.printf(Locale.ROOT, "latency NaN step produced -> command consumed (read_committed), %d concurrent"
                            + " runs, commit.interval.ms=%d: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d commands, %.0f s)%n",
                    runs, commitMs, pct(sorted, 50), pct(sorted, 99), sorted.get(sorted.size() - 1), sorted.size(),
                    seconds(begin));
            streams.close(Duration.ofSeconds(30));
        }
    }

    private static void readCommands(String bootstrap, String prefix, Map<String, Long> sentAt, List<Double> out,
                                     AtomicBoolean stop) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG,
                "bench-reader-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.COMMANDS));
            while (!stop.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    Long sent = r.key() != null && r.key().startsWith(prefix) ? sentAt.remove(r.key()) : null;
                    if (sent != null) {
                        out.add((now - sent) / 1e6);
                    }
                }
            }
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap, boolean bulk) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, bulk ? 20 : 0,
                ProducerConfig.BATCH_SIZE_CONFIG, bulk ? 256 * 1024 : 16 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, bulk ? "lz4" : "none"),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        var partitions = admin.describeTopics(List.of(Topics.METRICS)).allTopicNames().get().get(Topics.METRICS)
                .partitions().stream().map(p -> new TopicPartition(Topics.METRICS, p.partition()))
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        return admin.listOffsets(partitions).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static boolean caughtUp(Admin admin, String group, Map<TopicPartition, Long> ends) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        for (var end : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(end.getKey());
            // Under EOS a committed offset may sit one past the last record (the transaction marker).
            if (end.getValue() > 0 && (c == null || c.offset() < end.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
