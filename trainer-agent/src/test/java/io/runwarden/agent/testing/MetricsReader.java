package io.runwarden.agent.testing;

import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.MetricType;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.codec.ProtocolCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads one run's messages from runwarden.metrics, from the beginning, in partition (= production) order. */
public final class MetricsReader implements AutoCloseable {

    private final String runId;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<MetricEvent> events = new ArrayList<>();

    public MetricsReader(String bootstrapServers, String runId) {
        this.runId = runId;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.METRICS, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Everything that has arrived so far for this run. */
    public synchronized List<MetricEvent> events() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            if (runId.equals(r.key())) {
                events.add(ProtocolCodec.decodeMetric(r.value()));
            }
        }
        return List.copyOf(events);
    }

    public List<MetricEvent> ofType(MetricType type) {
        return events().stream().filter(e -> e.type() == type).toList();
    }

    public boolean has(MetricType type) {
        return !ofType(type).isEmpty();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
