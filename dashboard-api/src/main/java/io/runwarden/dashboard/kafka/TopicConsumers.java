package io.runwarden.dashboard.kafka;

import io.runwarden.dashboard.state.RunRegistry;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.codec.ProtocolCodec;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Reads the four topics the dashboard shows into the {@link RunRegistry}. Every start reads them from the
 * beginning (a fresh consumer group per instance, {@code auto.offset.reset=earliest}), which rebuilds the state
 * a restart lost. A record that does not decode is nacked with the error: the channel's dead-letter-queue
 * failure strategy moves it to {@code <topic>.dlq} (the error in the {@code dead-letter-reason} header) and
 * consumption goes on. Runs on the consumers' event loops; the registry's work is in-memory and short.
 */
@ApplicationScoped
public class TopicConsumers {

    private static final Logger LOG = Logger.getLogger(TopicConsumers.class);

    private final RunRegistry registry;
    private final ConsumerMetrics metrics;

    public TopicConsumers(RunRegistry registry, ConsumerMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    @Incoming("metrics")
    public CompletionStage<Void> metrics(Message<byte[]> message) {
        return handle(Topics.METRICS, message, bytes -> registry.apply(ProtocolCodec.decodeMetric(bytes)));
    }

    @Incoming("commands")
    public CompletionStage<Void> commands(Message<byte[]> message) {
        return handle(Topics.COMMANDS, message, bytes -> registry.apply(ProtocolCodec.decodeCommand(bytes)));
    }

    @Incoming("alerts")
    public CompletionStage<Void> alerts(Message<byte[]> message) {
        return handle(Topics.ALERTS, message, bytes -> registry.apply(ProtocolCodec.decodeAlert(bytes)));
    }

    @Incoming("run-health")
    public CompletionStage<Void> health(Message<byte[]> message) {
        return handle(Topics.RUN_HEALTH, message, bytes -> registry.apply(ProtocolCodec.decodeHealth(bytes)));
    }

    private CompletionStage<Void> handle(String topic, Message<byte[]> message, Consumer<byte[]> apply) {
        byte[] payload = message.getPayload();
        if (payload == null) {
            return message.ack(); // a tombstone: the compacted topic forgetting a run, nothing to show
        }
        try {
            apply.accept(payload);
            metrics.consumed(topic);
            return message.ack();
        } catch (RuntimeException e) {
            metrics.deadLettered(topic);
            LOG.warnf("record on %s does not decode, moved to %s: %s", topic, Topics.deadLetter(topic),
                    e.getMessage());
            return message.nack(e);
        }
    }
}
