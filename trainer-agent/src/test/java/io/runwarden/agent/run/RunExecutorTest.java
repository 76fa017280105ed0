package io.runwarden.agent.run;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.runwarden.agent.kafka.KafkaSettings;
import io.runwarden.agent.telemetry.TelemetryBuffer;
import io.runwarden.agent.testing.ScriptedJobFactory;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.codec.ProtocolCodec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunExecutorTest {

    @Test
    void anInvalidSpecEndsBeforeAnyComputeWithExitCode2AndAFailedRunFinishedNamingTheField() throws Exception {
        ScriptedJobFactory factory = new ScriptedJobFactory(0);
        TelemetryBuffer buffer = new TelemetryBuffer(16);
        RunExecutor executor = new RunExecutor(factory, buffer, KafkaSettings.of("unused:9092"), null,
                new AgentMetrics(new SimpleMeterRegistry(), buffer),
                new AgentSettings("a1", Path.of("target/unused"), true, Duration.ofSeconds(5), 10,
                        Duration.ofSeconds(1)),
                Executors.newSingleThreadScheduledExecutor(), () -> 42L);

        RunOutcome outcome = executor.execute(new RunAssignment("bad", ProtocolCodec.specFromJson(
                "{\"learningRate\":-1,\"batchSize\":0}"), null, null));

        assertEquals(RunOutcome.EXIT_INVALID, outcome.exitCode());
        assertEquals(0, factory.prepared.get(), "nothing prepared, nothing computed");
        MetricEvent only = buffer.poll(Duration.ZERO);
        RunFinished finished = assertInstanceOf(RunFinished.class, only);
        assertEquals(FinishStatus.FAILED, finished.status());
        assertTrue(finished.reason().contains("learningRate"), finished.reason());
        assertTrue(finished.reason().contains("batchSize"), finished.reason());
        assertEquals(0, buffer.size());
    }

    @Test
    void exitCodesFollowTheOutcome() {
        assertEquals(0, new RunOutcome(FinishStatus.COMPLETED, null, false, 10).exitCode());
        assertEquals(0, new RunOutcome(FinishStatus.STOPPED, "stopped by analyzer", false, 10).exitCode());
        assertEquals(1, new RunOutcome(FinishStatus.FAILED, "NaN", false, 10).exitCode());
        assertEquals(2, RunOutcome.invalid("learningRate: must be > 0").exitCode());
    }
}
