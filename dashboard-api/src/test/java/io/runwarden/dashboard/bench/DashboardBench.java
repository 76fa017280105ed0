package io.runwarden.dashboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runwarden.localkafka.EmbeddedKafkaBroker;
import io.runwarden.localkafka.TopicBootstrap;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.TrainStep;
import io.runwarden.protocol.codec.ProtocolCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Update latency of the dashboard: message produced to runwarden.metrics → SSE event received, with many SSE
 * clients open and many runs updating. Starts an embedded broker and the built dashboard (a child JVM running
 * target/quarkus-app/quarkus-run.jar), opens the clients, produces train steps round-robin over the runs at a
 * fixed rate, and prints p50/p99 per stream kind. Not a test: run it with {@code ./runwarden bench-dashboard}.
 */
public final class DashboardBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int runs;
    private final int runClients;
    private final int allClients;
    private final int rate;
    private final int seconds;
    private final int warmupSeconds;
    private final Path app;
    private final Map<String, Long> producedAt = new ConcurrentHashMap<>();
    private final LatencyRecorder perRun = new LatencyRecorder();
    private final LatencyRecorder summaries = new LatencyRecorder();
    private volatile boolean measuring;
    private volatile boolean finished;

    private DashboardBench(Map<String, String> args) {
        runs = Integer.parseInt(args.getOrDefault("runs", "1000"));
        int clients = Integer.parseInt(args.getOrDefault("clients", "100"));
        allClients = Integer.parseInt(args.getOrDefault("all-clients", "10"));
        runClients = clients - allClients;
        rate = Integer.parseInt(args.getOrDefault("rate", "2000"));
        seconds = Integer.parseInt(args.getOrDefault("seconds", "20"));
        warmupSeconds = Integer.parseInt(args.getOrDefault("warmup", "5"));
        app = Path.of(args.getOrDefault("app", "dashboard-api/target/quarkus-app/quarkus-run.jar"));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new java.util.HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        new DashboardBench(args).run();
        System.exit(0);
    }

    private void run() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            TopicBootstrap.createProtocolTopics(broker.bootstrapServers(), Topics.DEFAULT_PARTITIONS);
            int port = freePort();
            Process dashboard = startDashboard(broker.bootstrapServers(), port);
            try (KafkaProducer<String, byte[]> producer = producer(broker.bootstrapServers())) {
                String base = "http://127.0.0.1:" + port;
                awaitReady(base, dashboard);
                for (int r = 0; r < runs; r++) {
                    String id = runId(r);
                    producer.send(new ProducerRecord<>(Topics.METRICS, id, ProtocolCodec.encodeMetric(
                            io.runwarden.dashboard.it.Runs.started(id, 1_000_000, "bench"))));
                }
                producer.flush();
                awaitRuns(base);
                List<Thread> readers = openClients(base);
                long total = produce(producer);
                System.out.printf("%nDashboard update latency (message produced -> SSE event received)%n");
                System.out.printf("  %d runs updating, %d train steps produced at %d/s for %d s (+%d s warm-up)%n",
                        runs, total, rate, seconds, warmupSeconds);
                System.out.printf("  %d SSE clients: %d on one run's stream each, %d on the all-runs stream%n",
                        runClients + allClients, runClients, allClients);
                System.out.println("  per-run stream (train events):    " + perRun.report());
                System.out.println("  all-runs stream (summary batches): " + summaries.report()
                        + "  (batched every summary-interval, 250 ms)");
                finished = true;
                readers.forEach(Thread::interrupt);
            } finally {
                dashboard.destroy();
                if (!dashboard.waitFor(20, TimeUnit.SECONDS)) {
                    dashboard.destroyForcibly();
                }
            }
        }
    }

    private Process startDashboard(String bootstrap, int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g",
                "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.log.level=WARN",
                "-Drunwarden.dashboard.sse.max-clients-per-caller=100000",
                "-Drunwarden.dashboard.max-runs=" + Math.max(1000, runs),
                "-jar", app.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                .start();
    }

    /** The child dashboard's output, next to its build. */
    private Path log() {
        return app.toAbsolutePath().getParent().getParent().resolve("bench-dashboard.log");
    }

    private void awaitReady(String base, Process dashboard) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < end) {
            if (!dashboard.isAlive()) {
                throw new IllegalStateException("the dashboard exited; see " + log());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling a starting process, not synchronising a test
        }
        throw new IllegalStateException("the dashboard did not get ready in 90 s");
    }

    private void awaitRuns(String base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            String body = http.send(HttpRequest.newBuilder(URI.create(base + "/api/runs?size=1")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (JSON.readTree(body).get("total").asInt() >= runs) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("the dashboard did not see all runs in 60 s");
    }

    private List<Thread> openClients(String base) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        CountDownLatch snapshots = new CountDownLatch(runClients + allClients);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < runClients + allClients; c++) {
            boolean all = c >= runClients;
            URI uri = URI.create(base + (all ? "/api/runs/stream" : "/api/runs/" + runId(c % runs) + "/stream"));
            Thread t = new Thread(() -> read(http, uri, all, snapshots), "sse-" + c);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        if (!snapshots.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not every SSE client got its snapshot in 60 s");
        }
        return threads;
    }

    private void read(HttpClient http, URI uri, boolean all, CountDownLatch snapshots) {
        try {
            HttpResponse<java.io.InputStream> response = http.send(HttpRequest.newBuilder(uri)
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (!line.startsWith("data:")) {
                        continue;
                    }
                    long now = System.nanoTime();
                    JsonNode event = JSON.readTree(line.substring(5));
                    String type = event.get("type").asText();
                    if ("snapshot".equals(type)) {
                        snapshots.countDown();
                    } else if (measuring && "train".equals(type)) {
                        record(perRun, event.get("runId").asText(), event.get("step").asLong(), now);
                    } else if (measuring && "runs".equals(type)) {
                        for (JsonNode s : event.at("/data/runs")) {
                            record(summaries, s.get("runId").asText(), s.get("step").asLong(), now);
                        }
                    }
                }
            }
        } catch (Exception e) {
            if (!finished) {
                System.err.println("SSE client " + uri + " ended: " + e);
            }
        }
    }

    private void record(LatencyRecorder recorder, String runId, long step, long receivedAt) {
        Long at = producedAt.get(runId + "#" + step);
        if (at != null) {
            recorder.add(receivedAt - at);
        }
    }

    private long produce(KafkaProducer<String, byte[]> producer) throws Exception {
        long[] steps = new long[runs];
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        long sent = 0;
        int next = 0;
        while (System.nanoTime() < end) {
            long due = start + sent * 1_000_000_000L / rate;
            long now = System.nanoTime();
            if (now < due) {
                TimeUnit.NANOSECONDS.sleep(Math.min(due - now, 1_000_000)); // pacing the producer
                continue;
            }
            measuring = now >= measureFrom;
            String id = runId(next);
            long step = ++steps[next];
            next = (next + 1) % runs;
            TrainStep t = new TrainStep(id, step, System.currentTimeMillis(), step / 1000.0,
                    2.0 * Math.exp(-step / 500.0) + 0.5, 2e-4, 0.9, 200, 12_800, 40);
            producedAt.put(id + "#" + step, System.nanoTime());
            producer.send(new ProducerRecord<>(Topics.METRICS, id, ProtocolCodec.encodeMetric(t)));
            sent++;
        }
        producer.flush();
        TimeUnit.SECONDS.sleep(2); // let the last events arrive before reporting
        measuring = false;
        return sent;
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static String runId(int r) {
        return String.format("bench-%04d", r);
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Latencies in nanoseconds; reports count, p50, p99 and max in milliseconds. */
    private static final class LatencyRecorder {
        private long[] values = new long[1 << 16];
        private final AtomicLong count = new AtomicLong();

        synchronized void add(long nanos) {
            int i = (int) count.getAndIncrement();
            if (i >= values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[i] = nanos;
        }

        synchronized String report() {
            int n = (int) count.get();
            if (n == 0) {
                return "no events";
            }
            long[] sorted = Arrays.copyOf(values, n);
            Arrays.sort(sorted);
            return String.format("n=%d  p50 %.1f ms  p99 %.1f ms  max %.1f ms", n, ms(sorted[n / 2]),
                    ms(sorted[Math.min(n - 1, (int) (n * 0.99))]), ms(sorted[n - 1]));
        }

        private static double ms(long nanos) {
            return nanos / 1e6;
        }
    }
}
