package io.runwarden.agent.telemetry;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.runwarden.agent.commands.DirectiveQueue;
import io.runwarden.agent.run.AgentMetrics;
import io.runwarden.agent.testing.ScriptedJobFactory;
import io.runwarden.agent.testing.TestSpecs;
import io.runwarden.engine.JobOptions;
import io.runwarden.engine.TrainerDirective;
import io.runwarden.engine.TrainingJob;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.MetricType;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.FinishStatus;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TelemetryListenerTest {

    @Test
    void aRunBecomesRunStartedTrainStepsEvalsCheckpointsAndRunFinishedInOrder() throws Exception {
        TelemetryBuffer buffer = new TelemetryBuffer(1000);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TelemetryListener listener = listener(buffer, registry);
        TrainingJob job = new ScriptedJobFactory(0).prepare("r1", TestSpecs.spec(12), new JobOptions(Path.of("x"), false));

        job.run(listener, new DirectiveQueue());

        List<MetricEvent> out = drain(buffer);
        assertEquals(MetricType.RUN_STARTED, out.get(0).type());
        assertEquals(MetricType.RUN_FINISHED, out.get(out.size() - 1).type());
        List<Long> steps = out.stream().filter(e -> e.type() == MetricType.TRAIN).map(MetricEvent::step).toList();
        assertEquals(12, steps.size());
        for (int i = 1; i < steps.size(); i++) {
            assertTrue(steps.get(i) > steps.get(i - 1));
        }
        assertEquals(2, out.stream().filter(e -> e.type() == MetricType.EVAL).count());
        assertEquals(2, out.stream().filter(e -> e.type() == MetricType.CHECKPOINT).count());
        assertEquals(12.0, registry.get("runwarden.agent.steps").counter().count());
    }

    @Test
    void heartbeatsOnlyWhileTheRunTrains() throws Exception {
        TelemetryBuffer buffer = new TelemetryBuffer(1000);
        TelemetryListener listener = listener(buffer, new SimpleMeterRegistry());
        listener.heartbeat();
        assertEquals(0, buffer.size(), "no heartbeat before the run started");
        DirectiveQueue directives = new DirectiveQueue();
        directives.add(new TrainerDirective.Stop("c1", "stop now", null));
        new ScriptedJobFactory(0).prepare("r1", TestSpecs.spec(12), new JobOptions(Path.of("x"), false))
                .run(listener, directives);
        List<MetricEvent> out = drain(buffer);
        RunFinished fin = (RunFinished) out.get(out.size() - 1);
        assertEquals(FinishStatus.STOPPED, fin.status());
        listener.heartbeat();
        assertEquals(0, buffer.size(), "no heartbeat after the run finished");
    }

    @Test
    void theProgressLineShowsStepTotalLossLrTokensAndEta() {
        long[] now = {0};
        ProgressLog log = new ProgressLog("r1", 10, () -> now[0]);
        log.started(100, 0);
        now[0] = Duration.ofSeconds(20).toNanos();
        String line = log.line(new io.runwarden.engine.StepReport(20, 0.2, 1.2345, 2e-4, 1, 10, 5000, 1000));
        assertEquals("run r1: step 20/100 (20%) loss 1.2345 lr 0.000200 tokens/s 5000 ETA 1m20s", line);
    }

    private static TelemetryListener listener(TelemetryBuffer buffer, SimpleMeterRegistry registry) {
        return new TelemetryListener(new ReportMapper(new ReportMapper.RunIdentity("r1", "a", null, null),
                System::currentTimeMillis), buffer, new ProgressLog("r1", 0, System::nanoTime),
                new AgentMetrics(registry, buffer));
    }

    private static List<MetricEvent> drain(TelemetryBuffer buffer) throws InterruptedException {
        List<MetricEvent> out = new ArrayList<>();
        MetricEvent e;
        while ((e = buffer.poll(Duration.ZERO)) != null) {
            out.add(e);
        }
        return out;
    }
}
