package io.runwarden.agent.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runwarden.agent.kafka.DeadLetters;
import io.runwarden.agent.kafka.KafkaSettings;
import io.runwarden.agent.run.RunAssignment;
import io.runwarden.agent.run.RunExecutor;
import io.runwarden.agent.run.RunOutcome;
import io.runwarden.agent.telemetry.TelemetryBuffer;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.RunRequest;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.codec.ProtocolCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/**
 * Pool mode: joins {@code runwarden-agents} on {@code runwarden.run-requests} and runs one request at a time.
 * The request's offset is committed only after its run finished, so a request whose agent dies mid-run is
 * delivered again to another agent (which resumes from the run's newest checkpoint in the shared work dir).
 * While a run trains (on its own thread) this thread keeps polling with the partitions paused, so the group
 * never sees it as stuck however long the run takes. Undecodable requests go to
 * {@code runwarden.run-requests.dlq}; a request whose spec is invalid ends with run-finished {@code failed}
 * naming the field, and the agent goes on with the next request.
 */
public final class RunRequestListener implements AutoCloseable {

    public static final String GROUP_ID = "runwarden-agents";
    private static final Logger LOG = Logger.getLogger(RunRequestListener.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaSettings kafka;
    private final String agentId;
    private final RunExecutor executor;
    private final DeadLetters deadLetters;
    private final TelemetryBuffer buffer;
    private final LongSupplier clock;
    private final JsonNode defaultPolicy;
    private final String topic;
    private final String groupId;
    private final Thread thread;
    private final ExecutorService training = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "runwarden-training");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile long lastPollMillis = System.currentTimeMillis();
    private volatile String activeRunId;
    private volatile ConsumerRecord<String, byte[]> activeRecord;
    private volatile Future<RunOutcome> activeRun;

    public RunRequestListener(KafkaSettings kafka, String agentId, RunExecutor executor, DeadLetters deadLetters,
                              TelemetryBuffer buffer, LongSupplier clock, JsonNode defaultPolicy, String topic,
                              String groupId) {
        this.kafka = kafka;
        this.agentId = agentId;
        this.executor = executor;
        this.deadLetters = deadLetters;
        this.buffer = buffer;
        this.clock = clock;
        this.defaultPolicy = defaultPolicy;
        this.topic = topic;
        this.groupId = groupId;
        this.thread = new Thread(this::loop, "runwarden-run-requests");
        this.thread.setDaemon(true);
    }

    public RunRequestListener start() {
        thread.start();
        return this;
    }

    /** Alive: the thread runs and polled recently. */
    public boolean isAlive() {
        return thread.isAlive() && System.currentTimeMillis() - lastPollMillis < 60_000;
    }

    /** The run being trained now, or null when idle. */
    public String activeRunId() {
        return activeRunId;
    }

    private void loop() {
        Map<String, Object> extra = Map.of(
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        try (KafkaConsumer<String, byte[]> c = kafka.rawConsumer(groupId, "runwarden-agent-" + agentId + "-pool",
                extra)) {
            consumer = c;
            c.subscribe(List.of(topic), new Rebalance(c));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(200))) {
                    accept(c, record);
                }
                lastPollMillis = System.currentTimeMillis();
                finishIfDone(c);
            }
        } catch (WakeupException e) {
            // closing
        } catch (Exception e) {
            LOG.errorf(e, "The run-request consumer stopped; this agent takes no more runs");
        }
    }

    private void accept(KafkaConsumer<String, byte[]> c, ConsumerRecord<String, byte[]> record) {
        RunRequest request;
        try {
            request = ProtocolCodec.decodeRunRequest(record.value());
        } catch (RuntimeException e) {
            deadLetters.send(record, e);
            String runId = runIdOf(record.value());
            if (runId != null) {
                // The request named its run: tell whoever waits on it why it will not train.
                buffer.offer(new RunFinished(runId, 0, clock.getAsLong(), FinishStatus.FAILED,
                        "invalid run request: " + e.getMessage(), null));
            }
            commit(c, record);
            return;
        }
        LOG.infof("pool agent %s takes run %s (request %s-%d@%d)", agentId, request.runId(), record.topic(),
                record.partition(), record.offset());
        c.pause(c.assignment());
        activeRecord = record;
        activeRunId = request.runId();
        RunAssignment run = new RunAssignment(request.runId(), request.spec(),
                request.policy() != null ? request.policy() : defaultPolicy, request.sweepId());
        activeRun = training.submit(() -> executor.execute(run));
    }

    private void finishIfDone(KafkaConsumer<String, byte[]> c) {
        if (activeRun == null || !activeRun.isDone()) {
            return;
        }
        try {
            RunOutcome outcome = activeRun.get();
            if (outcome.isAbandoned()) {
                return; // not committed: the request goes to another agent
            }
            LOG.infof("pool agent %s finished run %s: %s", agentId, activeRunId, outcome.invalid() ? "invalid spec"
                    : outcome.status().wireName());
        } catch (Exception e) {
            LOG.errorf(e, "run %s ended with an agent error", activeRunId);
        }
        commit(c, activeRecord);
        activeRun = null;
        activeRecord = null;
        activeRunId = null;
        c.resume(c.paused());
    }

    private void commit(KafkaConsumer<String, byte[]> c, ConsumerRecord<String, byte[]> record) {
        try {
            c.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1)));
        } catch (RuntimeException e) {
            LOG.warnf("could not commit run request %s-%d@%d (it may be delivered again): %s", record.topic(),
                    record.partition(), record.offset(), e.toString());
        }
    }

    private static String runIdOf(byte[] value) {
        try {
            JsonNode node = JSON.readTree(value);
            JsonNode runId = node == null ? null : node.get("runId");
            return runId != null && runId.isTextual() && !runId.asText().isBlank() ? runId.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Keeps newly assigned partitions paused while a run trains. */
    private final class Rebalance implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> c;

        Rebalance(KafkaConsumer<String, byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (running && activeRecord != null && partitions.contains(
                    new TopicPartition(activeRecord.topic(), activeRecord.partition()))) {
                LOG.warnf("run %s: its request's partition moved to another agent while training; the request "
                        + "may be delivered again and resumed there", activeRunId);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (activeRun != null) {
                c.pause(partitions);
            }
        }
    }

    /**
     * Leaves the pool. A run in progress is abandoned at its next step boundary (nothing more of it is published)
     * and its request is not committed, so the group hands it to another agent, which resumes it from the newest
     * checkpoint in the shared work dir.
     */
    @Override
    public void close() {
        Future<RunOutcome> run = activeRun;
        if (run != null && executor.abandonActiveRun()) {
            LOG.warnf("pool agent %s leaves while training run %s: the run is abandoned and will be resumed by "
                    + "another agent", agentId, activeRunId);
            try {
                run.get(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warnf("run %s did not stop within 60 s: %s", activeRunId, e.toString());
            }
        }
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        training.shutdownNow();
    }
}
