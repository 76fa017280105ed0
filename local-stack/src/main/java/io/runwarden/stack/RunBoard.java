package io.runwarden.stack;

import io.runwarden.protocol.Alert;
import io.runwarden.protocol.EvalResult;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.RollbackDone;
import io.runwarden.protocol.RunCommand;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.RunHealth;
import io.runwarden.protocol.RunStarted;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.TrainStep;
import io.runwarden.protocol.codec.ProtocolCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The terminal's view of the fleet: reads every protocol topic from the beginning (read_committed, so it sees
 * what the agents see) and keeps one {@link RunLine} per run. Undecodable records are counted, not fatal.
 */
final class RunBoard implements AutoCloseable {

    private final Map<String, RunLine> lines = new ConcurrentHashMap<>();
    private final Map<String, String> pendingCommands = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile int undecodable;

    RunBoard(String bootstrapServers, Collection<String> expectedRuns) {
        expectedRuns.forEach(runId -> lines.put(runId, RunLine.empty(runId)));
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "runwarden-stack-board-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.METRICS, Topics.COMMANDS, Topics.RUN_HEALTH, Topics.ALERTS));
        thread = new Thread(this::pollLoop, "run-board");
        thread.setDaemon(true);
        thread.start();
    }

    /** The runs in the order they were first seen (the fleet's order first). */
    Map<String, RunLine> snapshot() {
        Map<String, RunLine> copy = new LinkedHashMap<>();
        lines.values().stream().sorted((a, b) -> a.runId().compareTo(b.runId()))
                .forEach(line -> copy.put(line.runId(), line));
        return copy;
    }

    boolean allFinished(Collection<String> runIds) {
        return runIds.stream().allMatch(id -> lines.containsKey(id) && lines.get(id).finished());
    }

    int undecodable() {
        return undecodable;
    }

    private void pollLoop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    try {
                        apply(record);
                    } catch (RuntimeException e) {
                        undecodable++;
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        switch (record.topic()) {
            case Topics.METRICS -> applyMetric(ProtocolCodec.decodeMetric(record.value()));
            case Topics.COMMANDS -> applyCommand(ProtocolCodec.decodeCommand(record.value()));
            case Topics.RUN_HEALTH -> {
                RunHealth health = ProtocolCodec.decodeHealth(record.value());
                update(health.runId(), line -> line.withHealth(health.verdict().wireName()));
            }
            case Topics.ALERTS -> {
                Alert alert = ProtocolCodec.decodeAlert(record.value());
                update(alert.runId(), RunLine::withAlert);
            }
            default -> {
            }
        }
    }

    private void applyMetric(MetricEvent event) {
        if (event instanceof RunStarted started) {
            update(event.runId(), line -> line.withStart(started.totalSteps()));
        } else if (event instanceof TrainStep step) {
            update(event.runId(), line -> line.withStep(step.step(), step.loss()));
        } else if (event instanceof EvalResult eval) {
            update(event.runId(), line -> line.withEval(eval.step(), eval.valLoss()));
        } else if (event instanceof RollbackDone done) {
            String action = pendingCommands.getOrDefault(done.commandId(), "ROLLBACK") + " (obeyed → step "
                    + done.step() + ")";
            update(event.runId(), line -> line.withAction(action, false));
        } else if (event instanceof RunFinished finished) {
            update(event.runId(), line -> {
                RunLine done = line.withFinish(finished.status().wireName(), finished.step());
                return line.lastAction().startsWith("STOP") ? done.withAction(line.lastAction() + " (obeyed)", false)
                        : done;
            });
        }
    }

    private void applyCommand(RunCommand command) {
        String action = command.type() + "@" + command.atStep() + " " + command.rule();
        pendingCommands.put(command.commandId(), action);
        update(command.runId(), line -> line.withAction(action, true));
    }

    private void update(String runId, java.util.function.UnaryOperator<RunLine> change) {
        lines.compute(runId, (id, line) -> change.apply(line == null ? RunLine.empty(id) : line));
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
