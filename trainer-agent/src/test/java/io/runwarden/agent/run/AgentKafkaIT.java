package io.runwarden.agent.run;

import io.runwarden.agent.kafka.DeadLetters;
import io.runwarden.agent.testing.Agents;
import io.runwarden.agent.testing.MetricsReader;
import io.runwarden.agent.testing.TestKafka;
import io.runwarden.agent.testing.TestSpecs;
import io.runwarden.agent.testing.ItKafka;
import io.runwarden.protocol.CheckpointSaved;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.MetricType;
import io.runwarden.protocol.RollbackCommand;
import io.runwarden.protocol.RollbackDone;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.RunStarted;
import io.runwarden.protocol.StopCommand;
import io.runwarden.protocol.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real agent against the embedded broker: what it publishes, and the commands it obeys. */
class AgentKafkaIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private final String bootstrap = ItKafka.bootstrapServers();
    private Agent agent;

    @BeforeEach
    void start() {
        agent = Agents.create(bootstrap);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void aShortRunArrivesInOrderFromRunStartedToRunFinished() throws Exception {
        String runId = Agents.runId("order");
        RunOutcome outcome = agent.runJob(new RunAssignment(runId, TestSpecs.shortRun(), null, "sweep-1"));
        assertEquals(FinishStatus.COMPLETED, outcome.status());
        assertEquals(0, outcome.exitCode());

        try (MetricsReader reader = new MetricsReader(bootstrap, runId)) {
            await().atMost(PATIENCE).until(() -> reader.has(MetricType.RUN_FINISHED));
            List<MetricEvent> events = reader.events();
            RunStarted started = (RunStarted) events.get(0);
            assertEquals(MetricType.RUN_STARTED, started.type(), "run-started comes first");
            assertEquals(TestSpecs.SHORT_STEPS, started.totalSteps());
            assertEquals("sweep-1", started.sweepId());
            assertEquals(agent.settings().agentId(), started.agentId());
            assertTrue(started.spec().has("learningRate"), "the full spec travels: " + started.spec());
            RunFinished finished = (RunFinished) events.get(events.size() - 1);
            assertEquals(FinishStatus.COMPLETED, finished.status(), "run-finished comes last");

            List<Long> steps = events.stream().filter(e -> e.type() == MetricType.TRAIN).map(MetricEvent::step)
                    .toList();
            assertEquals(TestSpecs.SHORT_STEPS, steps.size(), "one train message per optimizer step");
            for (int i = 1; i < steps.size(); i++) {
                assertTrue(steps.get(i) > steps.get(i - 1), "train steps strictly increase: " + steps);
            }
            assertTrue(events.stream().anyMatch(e -> e.type() == MetricType.EVAL), "an eval");
            assertTrue(events.stream().anyMatch(e -> e.type() == MetricType.CHECKPOINT), "a checkpoint");
            events.stream().filter(e -> e.type() == MetricType.TRAIN).map(e -> (io.runwarden.protocol.TrainStep) e)
                    .forEach(t -> assertTrue(t.stepMillis() > 0 && t.tokensPerSec() > 0 && t.lr() > 0,
                            "figures of step " + t.step()));
            assertEquals(0, agent.buffer().droppedCount());
        }
    }

    @Test
    void aStopCommandIsObeyedAndConfirmedWithTheRestoredCheckpoint() throws Exception {
        String runId = Agents.runId("stop");
        CompletableFuture<RunOutcome> run = CompletableFuture.supplyAsync(
                () -> agent.runJob(new RunAssignment(runId, TestSpecs.longRun(), null, null)));
        try (MetricsReader reader = new MetricsReader(bootstrap, runId)) {
            CheckpointSaved checkpoint = awaitFirstCheckpoint(reader);
            TestKafka.sendCommand(bootstrap, new StopCommand(runId + "/early-stopping/" + checkpoint.step(), runId,
                    "early-stopping", "valLoss did not improve for 3 evaluations", checkpoint.step(),
                    System.currentTimeMillis(), "analyzer", null, checkpoint.checkpointId(), checkpoint.step()));

            RunOutcome outcome = run.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(FinishStatus.STOPPED, outcome.status());
            assertEquals(0, outcome.exitCode(), "stopped by a command is a success for a job");
            await().atMost(PATIENCE).until(() -> reader.has(MetricType.RUN_FINISHED));
            RunFinished finished = (RunFinished) reader.ofType(MetricType.RUN_FINISHED).get(0);
            assertEquals(FinishStatus.STOPPED, finished.status());
            assertTrue(finished.reason().contains("early-stopping"), finished.reason());
            assertEquals(checkpoint.checkpointId(), finished.restoredCheckpointId());
            assertTrue(finished.step() < TestSpecs.LONG_STEPS, "stopped before the end");
        }
    }

    @Test
    void aRollbackIsObeyedOnceWhileStaleForeignAndDuplicateCommandsAreIgnored() throws Exception {
        String runId = Agents.runId("rollback");
        long before = System.currentTimeMillis() - 60_000;
        CompletableFuture<RunOutcome> run = CompletableFuture.supplyAsync(
                () -> agent.runJob(new RunAssignment(runId, TestSpecs.longRun(), null, null)));
        try (MetricsReader reader = new MetricsReader(bootstrap, runId)) {
            CheckpointSaved checkpoint = awaitFirstCheckpoint(reader);
            // Neither of these may stop the run.
            TestKafka.sendCommand(bootstrap, stop("stale", runId, before));
            TestKafka.sendCommand(bootstrap, stop("foreign", "some-other-run", System.currentTimeMillis()));
            await().atMost(PATIENCE).until(() -> lastTrainStep(reader) > checkpoint.step() + 2);

            RollbackCommand rollback = new RollbackCommand(runId + "/loss-spike/" + lastTrainStep(reader), runId,
                    "loss-spike", "loss jumped", lastTrainStep(reader), System.currentTimeMillis(), "analyzer",
                    null, checkpoint.checkpointId(), checkpoint.step(), 0.5, 2);
            TestKafka.sendCommand(bootstrap, rollback);
            TestKafka.sendCommand(bootstrap, rollback); // a duplicate: obeyed once

            await().atMost(PATIENCE).until(() -> reader.has(MetricType.ROLLBACK_DONE));
            RollbackDone done = (RollbackDone) reader.ofType(MetricType.ROLLBACK_DONE).get(0);
            assertEquals(rollback.commandId(), done.commandId());
            assertEquals(checkpoint.checkpointId(), done.checkpointId());
            assertEquals(checkpoint.step(), done.step());
            assertTrue(done.fromStep() > done.step());
            assertEquals(0.5, done.lrFactor());
            // Steps go back to the checkpoint, then forward again.
            await().atMost(PATIENCE).until(() -> trainStepsAfterRollback(reader).size() >= 3);
            List<Long> after = trainStepsAfterRollback(reader);
            assertEquals(checkpoint.step() + 1, after.get(0), "training resumes right after the checkpoint");
            assertTrue(after.get(1) > after.get(0) && after.get(2) > after.get(1), "and goes forward: " + after);

            TestKafka.sendCommand(bootstrap, stop("end", runId, System.currentTimeMillis()));
            RunOutcome outcome = run.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(FinishStatus.STOPPED, outcome.status());
            await().atMost(PATIENCE).until(() -> reader.has(MetricType.RUN_FINISHED));
            assertEquals(1, reader.ofType(MetricType.ROLLBACK_DONE).size(), "the duplicate was ignored");
            assertTrue(((RunFinished) reader.ofType(MetricType.RUN_FINISHED).get(0)).reason().contains("end-rule"));
        }
    }

    @Test
    void aPoisonCommandGoesToTheDeadLetterTopicAndTheConsumerGoesOn() throws Exception {
        String runId = Agents.runId("poison");
        CompletableFuture<RunOutcome> run = CompletableFuture.supplyAsync(
                () -> agent.runJob(new RunAssignment(runId, TestSpecs.longRun(), null, null)));
        try (MetricsReader reader = new MetricsReader(bootstrap, runId)) {
            awaitFirstCheckpoint(reader);
            TestKafka.sendText(bootstrap, Topics.COMMANDS, runId, "{\"v\":1,\"type\":\"STOP\",\"runId\":\"" + runId
                    + "\"} this is not a command");
            TestKafka.sendCommand(bootstrap, stop("after-poison", runId, System.currentTimeMillis()));

            RunOutcome outcome = run.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(FinishStatus.STOPPED, outcome.status(), "the command after the poison pill was obeyed");
            await().atMost(PATIENCE).untilAsserted(() -> {
                List<ConsumerRecord<String, byte[]>> dlq = TestKafka.readAll(bootstrap,
                        Topics.deadLetter(Topics.COMMANDS)).stream().filter(r -> runId.equals(r.key())).toList();
                assertEquals(1, dlq.size());
                assertTrue(TestKafka.text(dlq.get(0).value()).contains("this is not a command"));
                assertNotNull(dlq.get(0).headers().lastHeader(DeadLetters.ERROR_HEADER));
            });
        }
    }

    private static StopCommand stop(String id, String runId, long issuedAt) {
        return new StopCommand(runId + "/" + id, runId, id + "-rule", "test", 0, issuedAt, "user:test", null, null,
                null);
    }

    private static CheckpointSaved awaitFirstCheckpoint(MetricsReader reader) {
        await().atMost(PATIENCE).until(() -> reader.has(MetricType.CHECKPOINT));
        return (CheckpointSaved) reader.ofType(MetricType.CHECKPOINT).get(0);
    }

    private static long lastTrainStep(MetricsReader reader) {
        List<MetricEvent> train = reader.ofType(MetricType.TRAIN);
        return train.isEmpty() ? 0 : train.get(train.size() - 1).step();
    }

    private static List<Long> trainStepsAfterRollback(MetricsReader reader) {
        List<MetricEvent> events = reader.events();
        int at = 0;
        while (at < events.size() && events.get(at).type() != MetricType.ROLLBACK_DONE) {
            at++;
        }
        return events.subList(Math.min(at, events.size()), events.size()).stream()
                .filter(e -> e.type() == MetricType.TRAIN).map(MetricEvent::step).toList();
    }
}
