package io.runwarden.agent.kafka;

import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.kafka.ProtocolSerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds every Kafka client of the agent from one set of common properties: the bootstrap servers and whatever
 * security settings were configured under {@code kafka.} (passed through unchanged to each client).
 *
 * @param common          standard Kafka client properties applied to every client
 * @param lingerMs        producer linger for telemetry (small: a step should reach the analyzer quickly)
 * @param deliveryTimeout how long the producer keeps retrying a message while the broker is away
 */
public record KafkaSettings(Map<String, Object> common, int lingerMs, Duration deliveryTimeout) {

    public KafkaSettings {
        common = Map.copyOf(common);
    }

    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(Map.of("bootstrap.servers", bootstrapServers), 5, Duration.ofHours(24));
    }

    public String bootstrapServers() {
        return String.valueOf(common.get("bootstrap.servers"));
    }

    /** Idempotent, acks=all: retries never duplicate or reorder a run's messages. */
    public Producer<String, MetricEvent> metricsProducer(String clientId) {
        Map<String, Object> p = new HashMap<>(common);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, deliveryTimeout.toMillis()));
        // send() waits at most this long for metadata or producer memory; the sender retries after it.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
        return new KafkaProducer<>(p, new StringSerializer(), ProtocolSerdes.metrics().serializer());
    }

    /** For dead letters: the original bytes, with the error in headers. */
    public Producer<String, byte[]> rawProducer(String clientId) {
        Map<String, Object> p = new HashMap<>(common);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Values stay bytes so an undecodable record can be sent on to the dead-letter topic as it came. */
    public KafkaConsumer<String, byte[]> rawConsumer(String groupId, String clientId, Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(common);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.putAll(extra);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
