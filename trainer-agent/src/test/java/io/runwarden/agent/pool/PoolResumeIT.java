package io.runwarden.agent.pool;

import io.runwarden.agent.kafka.KafkaSettings;
import io.runwarden.agent.run.Agent;
import io.runwarden.agent.testing.Agents;
import io.runwarden.agent.testing.ItKafka;
import io.runwarden.agent.testing.MetricsReader;
import io.runwarden.agent.testing.TestKafka;
import io.runwarden.agent.testing.TestSpecs;
import io.runwarden.protocol.CheckpointSaved;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.MetricType;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.RunRequest;
import io.runwarden.protocol.RunStarted;
import io.runwarden.protocol.codec.ProtocolCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An agent leaves the pool mid-run: its request, never committed, goes to another agent of the group, which
 * resumes the run from its newest checkpoint in the shared work dir. Its own topic and group keep it apart from
 * the other tests' pool agents.
 */
class PoolResumeIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final int STEPS = 300;
    private final String bootstrap = ItKafka.bootstrapServers();
    private final String topic = "resume-it-requests-" + UUID.randomUUID().toString().substring(0, 8);
    private final String group = "resume-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final Path sharedWork = Path.of("target", "it-runs", "shared-" + UUID.randomUUID());
    private Agent first;
    private Agent second;

    @AfterEach
    void tearDown() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @Test
    void aRequestLeftMidRunIsResumedByAnotherAgentFromTheNewestCheckpoint() {
        KafkaSettings kafka = KafkaSettings.of(bootstrap);
        first = Agents.create(kafka, Duration.ofSeconds(30), sharedWork);
        second = Agents.create(kafka, Duration.ofSeconds(30), sharedWork);
        String runId = Agents.runId("resume");
        first.startPool(null, topic, group);
        TestKafka.send(bootstrap, topic, runId, ProtocolCodec.encodeRunRequest(new RunRequest(runId,
                TestSpecs.spec(STEPS, 10), null, null, "test", System.currentTimeMillis())));

        try (MetricsReader reader = new MetricsReader(bootstrap, runId)) {
            await().atMost(PATIENCE).until(() -> reader.ofType(MetricType.CHECKPOINT).size() >= 2);
            first.close(); // leaves the pool mid-run
            first = null;
            CheckpointSaved newest = newestCheckpoint(reader);
            assertTrue(newest.step() < STEPS, "left before the end");

            second.startPool(null, topic, group);
            await().atMost(PATIENCE).until(() -> reader.has(MetricType.RUN_FINISHED));
            List<MetricEvent> events = reader.events();
            List<RunStarted> starts = events.stream().filter(e -> e.type() == MetricType.RUN_STARTED)
                    .map(e -> (RunStarted) e).toList();
            assertEquals(2, starts.size(), "started by the first agent, resumed by the second");
            assertEquals(0, starts.get(0).step());
            assertEquals(second.settings().agentId(), starts.get(1).agentId());
            assertTrue(starts.get(1).step() >= newest.step() && starts.get(1).step() > 0,
                    "resumed from a checkpoint at step " + starts.get(1).step() + ", newest seen " + newest.step());
            List<RunFinished> finishes = reader.ofType(MetricType.RUN_FINISHED).stream().map(e -> (RunFinished) e)
                    .toList();
            assertEquals(1, finishes.size(), "the abandoned run did not claim to be finished");
            assertEquals(FinishStatus.COMPLETED, finishes.get(0).status());
            assertEquals(STEPS, finishes.get(0).step());
            long firstTrainAfterResume = events.subList(events.indexOf(starts.get(1)), events.size()).stream()
                    .filter(e -> e.type() == MetricType.TRAIN).findFirst().orElseThrow().step();
            assertEquals(starts.get(1).step() + 1, firstTrainAfterResume, "training continues after the checkpoint");
        }
    }

    private static CheckpointSaved newestCheckpoint(MetricsReader reader) {
        List<MetricEvent> checkpoints = reader.ofType(MetricType.CHECKPOINT);
        return (CheckpointSaved) checkpoints.get(checkpoints.size() - 1);
    }
}
