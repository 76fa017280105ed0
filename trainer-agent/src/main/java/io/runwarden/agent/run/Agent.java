package io.runwarden.agent.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.runwarden.agent.kafka.DeadLetters;
import io.runwarden.agent.kafka.KafkaSettings;
import io.runwarden.agent.pool.RunRequestListener;
import io.runwarden.agent.telemetry.TelemetryBuffer;
import io.runwarden.agent.telemetry.TelemetrySender;
import io.runwarden.engine.TrainingJobFactory;
import io.runwarden.protocol.Topics;
import org.jboss.logging.Logger;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One trainer agent: the telemetry buffer and its sender, the dead-letter producer, the run executor, and in
 * pool mode the run-request consumer. Plain Java, built from settings; Quarkus only wires it.
 */
public final class Agent implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Agent.class);

    private final AgentSettings settings;
    private final KafkaSettings kafka;
    private final TelemetryBuffer buffer;
    private final TelemetrySender sender;
    private final DeadLetters deadLetters;
    private final AgentMetrics metrics;
    private final ScheduledExecutorService timer;
    private final RunExecutor executor;
    private volatile RunRequestListener pool;

    public Agent(AgentSettings settings, KafkaSettings kafka, TrainingJobFactory factory, MeterRegistry registry,
                 int bufferCapacity) {
        this.settings = settings;
        this.kafka = kafka;
        this.buffer = new TelemetryBuffer(bufferCapacity);
        this.sender = new TelemetrySender(buffer, kafka.metricsProducer("runwarden-agent-" + settings.agentId()),
                Topics.METRICS).start();
        this.deadLetters = new DeadLetters(kafka.rawProducer("runwarden-agent-" + settings.agentId() + "-dlq"));
        this.metrics = new AgentMetrics(registry, buffer);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "runwarden-heartbeat");
            t.setDaemon(true);
            return t;
        });
        this.executor = new RunExecutor(factory, buffer, kafka, deadLetters, metrics, settings, timer,
                System::currentTimeMillis);
    }

    /** Job mode: one run on the calling thread, then its telemetry is flushed. */
    public RunOutcome runJob(RunAssignment run) {
        RunOutcome outcome = executor.execute(run);
        flush();
        return outcome;
    }

    /**
     * Pool mode: starts taking run requests; returns at once. {@code defaultPolicy} (may be null) is published
     * with runs whose request has no policy of its own.
     */
    public RunRequestListener startPool(JsonNode defaultPolicy) {
        return startPool(defaultPolicy, Topics.RUN_REQUESTS, RunRequestListener.GROUP_ID);
    }

    /** Pool mode on another topic or group (tests isolate themselves this way). */
    public synchronized RunRequestListener startPool(JsonNode defaultPolicy, String topic, String groupId) {
        if (pool == null) {
            pool = new RunRequestListener(kafka, settings.agentId(), executor, deadLetters, buffer,
                    System::currentTimeMillis, defaultPolicy, topic, groupId).start();
            LOG.infof("agent %s joined the pool (group %s on %s)", settings.agentId(), groupId, topic);
        }
        return pool;
    }

    /** Waits (bounded by the flush timeout) until buffered telemetry reached Kafka. */
    public boolean flush() {
        try {
            return sender.awaitDelivered(settings.flushTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public TelemetryBuffer buffer() {
        return buffer;
    }

    public TelemetrySender sender() {
        return sender;
    }

    public AgentSettings settings() {
        return settings;
    }

    /** Null outside pool mode. */
    public RunRequestListener pool() {
        return pool;
    }

    @Override
    public void close() {
        RunRequestListener p = pool;
        if (p != null) {
            p.close();
        }
        sender.close(settings.flushTimeout());
        deadLetters.close();
        timer.shutdownNow();
    }
}
