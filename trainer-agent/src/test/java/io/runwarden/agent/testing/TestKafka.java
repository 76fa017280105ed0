package io.runwarden.agent.testing;

import io.runwarden.protocol.RunCommand;
import io.runwarden.protocol.RunRequest;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.codec.ProtocolCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Producing and reading raw records in tests. */
public final class TestKafka {

    private TestKafka() {
    }

    public static void send(String bootstrap, String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    public static void sendCommand(String bootstrap, RunCommand command) {
        send(bootstrap, Topics.COMMANDS, command.runId(), ProtocolCodec.encodeCommand(command));
    }

    public static void sendRequest(String bootstrap, RunRequest request) {
        send(bootstrap, Topics.RUN_REQUESTS, request.runId(), ProtocolCodec.encodeRunRequest(request));
    }

    public static void sendText(String bootstrap, String topic, String key, String text) {
        send(bootstrap, topic, key, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Every record of a topic so far (e.g. a dead-letter topic), as text values. */
    public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID()), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    public static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
