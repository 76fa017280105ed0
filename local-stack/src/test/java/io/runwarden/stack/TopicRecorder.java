package io.runwarden.stack;

import io.runwarden.protocol.Alert;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.RunCommand;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.codec.ProtocolCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads everything on the protocol topics (committed records only), decoded, for a test's assertions. */
final class TopicRecorder implements AutoCloseable {

    final List<MetricEvent> metrics = new ArrayList<>();
    final List<RunCommand> commands = new ArrayList<>();
    final List<Alert> alerts = new ArrayList<>();
    private final KafkaConsumer<String, byte[]> consumer;

    TopicRecorder(String bootstrap) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-recorder-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.METRICS, Topics.COMMANDS, Topics.ALERTS));
    }

    /** Polls until {@code quiet} passes with no new record. */
    void drain(Duration quiet) {
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < quiet.toNanos()) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                quietSince = System.nanoTime();
                switch (record.topic()) {
                    case Topics.METRICS -> metrics.add(ProtocolCodec.decodeMetric(record.value()));
                    case Topics.COMMANDS -> commands.add(ProtocolCodec.decodeCommand(record.value()));
                    case Topics.ALERTS -> alerts.add(ProtocolCodec.decodeAlert(record.value()));
                    default -> {
                    }
                }
            }
        }
    }

    List<MetricEvent> metricsOf(String runId) {
        return metrics.stream().filter(m -> m.runId().equals(runId)).toList();
    }

    List<RunCommand> commandsOf(String runId) {
        return commands.stream().filter(c -> c.runId().equals(runId)).toList();
    }

    List<Alert> alertsOf(String runId) {
        return alerts.stream().filter(a -> a.runId().equals(runId)).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
