package io.runwarden.dashboard.state;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.Alert;
import io.runwarden.protocol.EvalResult;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.HealthVerdict;
import io.runwarden.protocol.RollbackCommand;
import io.runwarden.protocol.RollbackDone;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.RunHealth;
import io.runwarden.protocol.RunStarted;
import io.runwarden.protocol.Severity;
import io.runwarden.protocol.StopCommand;
import io.runwarden.protocol.TrainStep;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunRegistryTest {

    static RunStarted started(String runId, String sweep, long ts) {
        ObjectNode spec = JsonNodeFactory.instance.objectNode().put("learningRate", 2e-4).put("schedule", "cosine")
                .put("batchSize", 8).put("gradAccumulation", 2).put("epochs", 3);
        return new RunStarted(runId, 0, ts, spec, 100, null, sweep, "agent-1");
    }

    static TrainStep train(String runId, long step, double loss) {
        return new TrainStep(runId, step, 1000L + step * 100, step / 50.0, loss, 1e-4, 0.9, 200, 12_800, 100);
    }

    @Test
    void buildsTheLiveStateOfARun() {
        RunRegistry registry = new RunRegistry(10, 100, 10);
        List<RunChange> changes = new ArrayList<>();
        registry.addListener(changes::add);
        registry.apply(started("r1", "sw", 1000));
        for (long s = 1; s <= 40; s++) {
            registry.apply(train("r1", s, 2.0 - s * 0.01));
        }
        registry.apply(new EvalResult("r1", 20, 3000, 0.4, 1.7, Map.of()));
        registry.apply(new EvalResult("r1", 40, 5000, 0.8, 1.8, Map.of()));
        registry.apply(new RunHealth("r1", HealthVerdict.WARNING, List.of("loss plateau"), 40, 5001));
        registry.apply(new Alert("r1", "plateau", Severity.WARN, 40, 5002, "flat", Map.of()));

        RunDetail d = registry.detail("r1").orElseThrow();
        RunSummary s = d.summary();
        assertEquals(RunStatus.RUNNING, s.status());
        assertEquals(40, s.step());
        assertEquals(0.4, s.progress(), 1e-9);
        assertEquals(1.7, s.bestValLoss());
        assertEquals(20L, s.bestValStep());
        assertEquals(1.8, s.lastValLoss());
        assertEquals("warning", s.health());
        assertEquals(List.of("loss plateau"), s.healthReasons());
        assertEquals(60 * 0.1, s.etaSeconds(), 1e-6, "60 steps left at 100 ms per step");
        assertEquals(2e-4, ((Number) s.hyperparameters().get("learningRate")).doubleValue());
        assertEquals("sw", s.sweepId());
        assertEquals(1, d.alerts().size());
        assertTrue(changes.stream().anyMatch(c -> c.type().equals("train") && c.step() == 40));
        assertTrue(changes.stream().anyMatch(c -> c.type().equals("alert")));
    }

    @Test
    void commandsAreObeyedByRollbackDoneOrStop() {
        RunRegistry registry = new RunRegistry(10, 100, 10);
        registry.apply(started("r1", null, 1000));
        registry.apply(new RollbackCommand("r1/non-finite/41", "r1", "non-finite", "NaN", 41, 2000, "analyzer",
                Map.of(), "step-30", 30, 0.5, 4));
        registry.apply(new StopCommand("r1/manual/50", "r1", "manual", "enough", 50, 3000, "user:ann", Map.of(),
                null, null));
        assertEquals(CommandView.ISSUED, registry.detail("r1").orElseThrow().commands().get(0).outcome());
        registry.apply(new RollbackDone("r1", 30, 2100, 41, "step-30", 0.5, 4, "r1/non-finite/41"));
        registry.apply(new RunFinished("r1", 50, 3100, FinishStatus.STOPPED, "stopped by user:ann", null));
        List<CommandView> commands = registry.detail("r1").orElseThrow().commands();
        assertEquals(CommandView.OBEYED, commands.get(0).outcome());
        assertEquals(CommandView.OBEYED, commands.get(1).outcome());
        assertEquals(RunStatus.STOPPED, registry.summary("r1").orElseThrow().status());
        assertTrue(registry.detail("r1").orElseThrow().markers().stream().anyMatch(m -> m.kind().equals("rollback")));
    }

    @Test
    void aRollbackDoneSeenBeforeItsCommandStillSettlesIt() {
        RunRegistry registry = new RunRegistry(10, 100, 10);
        registry.apply(new RollbackDone("r1", 30, 2100, 41, "step-30", 0.5, 4, "c1"));
        registry.apply(new RollbackCommand("c1", "r1", "spike", null, 41, 2000, "analyzer", Map.of(), "step-30",
                30, 0.5, 4));
        assertEquals(CommandView.OBEYED, registry.detail("r1").orElseThrow().commands().get(0).outcome());
    }

    @Test
    void keepsABoundedNumberOfRunsEvictingTheOldestFinished() {
        RunRegistry registry = new RunRegistry(3, 10, 4);
        registry.apply(started("a", null, 1));
        registry.apply(started("b", null, 2));
        registry.apply(new RunFinished("b", 10, 3, FinishStatus.COMPLETED, null, null));
        registry.apply(started("c", null, 4));
        registry.apply(started("d", null, 5));
        assertEquals(3, registry.size());
        assertFalse(registry.summary("b").isPresent(), "the finished run goes first");
        assertTrue(registry.summary("a").isPresent());
        assertEquals(List.of("b"), registry.drainChanges().evicted());
    }

    @Test
    void filtersSortsAndPages() {
        RunRegistry registry = new RunRegistry(10, 10, 4);
        for (int i = 0; i < 5; i++) {
            registry.apply(started("r" + i, i % 2 == 0 ? "even" : "odd", i));
            registry.apply(new EvalResult("r" + i, 10, 100 + i, 1, 1.0 + i, Map.of()));
        }
        registry.apply(new RunFinished("r4", 10, 200, FinishStatus.FAILED, "oom", null));
        RunPage page = registry.query(new RunQuery(Set.of(RunStatus.RUNNING), null, "even", "-bestValLoss", 0, 10));
        assertEquals(List.of("r2", "r0"), page.runs().stream().map(RunSummary::runId).toList());
        RunPage second = registry.query(new RunQuery(null, null, null, "bestValLoss", 1, 2));
        assertEquals(List.of("r2", "r3"), second.runs().stream().map(RunSummary::runId).toList());
        assertEquals(5, second.total());
        assertTrue(RunQuery.validSort("-bestValLoss"));
        assertFalse(RunQuery.validSort("nope"));
    }

    @Test
    void nanLossIsKeptInTheSeriesAndTheSummary() {
        RunRegistry registry = new RunRegistry(10, 10, 4);
        registry.apply(train("r1", 1, 2.0));
        registry.apply(train("r1", 2, Double.NaN));
        assertTrue(registry.summary("r1").orElseThrow().loss().isNaN());
        SeriesView v = registry.series("r1", Metric.LOSS, null, null, 100).orElseThrow();
        assertEquals(List.of(1L, 2L), v.steps());
        assertNull(v.values().get(1));
        assertEquals("NaN", v.nonFinite().get(0).value());
    }

    @Test
    void aLostRunComesBackWhenTheAnalyzerHearsFromItAgain() {
        RunRegistry registry = new RunRegistry(10, 10, 4);
        registry.apply(started("r1", null, 1));
        registry.apply(new RunHealth("r1", HealthVerdict.LOST, List.of("no heartbeat for 60 s"), 0, 2));
        assertEquals(RunStatus.LOST, registry.summary("r1").orElseThrow().status());
        registry.apply(new RunHealth("r1", HealthVerdict.HEALTHY, List.of(), 0, 3));
        assertEquals(RunStatus.RUNNING, registry.summary("r1").orElseThrow().status());
    }
}
