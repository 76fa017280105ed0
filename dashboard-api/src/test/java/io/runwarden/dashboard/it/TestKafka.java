package io.runwarden.dashboard.it;

import io.runwarden.localkafka.SharedKafka;
import io.runwarden.protocol.Alert;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.RunCommand;
import io.runwarden.protocol.RunHealth;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.codec.ProtocolCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/** A real producer and consumer on the shared test broker. */
public final class TestKafka {

    private static KafkaProducer<String, byte[]> producer;

    private TestKafka() {
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.LINGER_MS_CONFIG, 0),
                    new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    public static void send(String topic, String key, byte[] value) {
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void metric(MetricEvent e) {
        send(Topics.METRICS, e.runId(), ProtocolCodec.encodeMetric(e));
    }

    public static void alert(Alert a) {
        send(Topics.ALERTS, a.runId(), ProtocolCodec.encodeAlert(a));
    }

    public static void health(RunHealth h) {
        send(Topics.RUN_HEALTH, h.runId(), ProtocolCodec.encodeHealth(h));
    }

    public static void command(RunCommand c) {
        send(Topics.COMMANDS, c.runId(), ProtocolCodec.encodeCommand(c));
    }

    /** Reads the topic from the beginning until a record matches, or the deadline passes. */
    public static Optional<ConsumerRecord<String, byte[]>> await(String topic,
                                                                 Predicate<ConsumerRecord<String, byte[]>> match,
                                                                 Duration deadline) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long end = System.nanoTime() + deadline.toNanos();
            while (System.nanoTime() < end) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(r)) {
                        return Optional.of(r);
                    }
                }
            }
            return Optional.empty();
        }
    }

    /** Every record of the topics for one key, from the beginning, read until the topic is quiet. */
    public static List<ConsumerRecord<String, byte[]>> readAll(List<String> topics, Duration quiet) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            long lastData = System.nanoTime();
            long hardEnd = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() - lastData < quiet.toNanos() && System.nanoTime() < hardEnd) {
                var records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    lastData = System.nanoTime();
                    records.forEach(out::add);
                } else if (consumer.assignment().isEmpty()) {
                    lastData = System.nanoTime();
                }
            }
        }
        return out;
    }
}
