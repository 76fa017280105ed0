package io.runwarden.dashboard.state;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.EvalResult;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.RunStarted;
import io.runwarden.protocol.StopCommand;
import io.runwarden.protocol.sweep.SweepPolicy;
import io.runwarden.protocol.sweep.SweepSummary;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepSummarizerTest {

    private static RunStarted member(String runId, double lr, int batch) {
        return member(runId, "sw", lr, batch);
    }

    private static RunStarted member(String runId, String sweep, double lr, int batch) {
        ObjectNode spec = JsonNodeFactory.instance.objectNode().put("learningRate", lr).put("schedule", "cosine")
                .put("batchSize", batch).put("epochs", 1);
        ObjectNode policy = JsonNodeFactory.instance.objectNode();
        policy.set("sweep", SweepPolicy.medianDefaults().toJson());
        return new RunStarted(runId, 0, 1000, spec, 300, policy, sweep, "agent-1");
    }

    private static void evals(RunRegistry r, String runId, double... values) {
        for (int i = 0; i < values.length; i++) {
            r.apply(new EvalResult(runId, (i + 1) * 50L, 2000 + i, 0.1, values[i], Map.of()));
        }
    }

    @Test
    void membersPrunesWinnerAndStepsSaved() {
        RunRegistry r = new RunRegistry(100, 100, 10);
        r.apply(member("sw-10", 5e-4, 8));
        r.apply(member("sw-2", 2e-4, 8));
        r.apply(member("sw-1", 1e-4, 16));
        r.apply(member("sw-0", 5e-5, 8));
        r.apply(new RunStarted("solo", 0, 1, JsonNodeFactory.instance.objectNode(), 10, null, null, "a"));
        r.apply(new RunStarted("x-0", 0, 1, JsonNodeFactory.instance.objectNode(), 10, null, "x", "a"));
        evals(r, "sw-0", 1.6, 1.4, 1.3, 1.25, 1.2, 1.19);
        evals(r, "sw-1", 1.5, 1.2, 1.1, 1.05, 1.0, 0.98);
        evals(r, "sw-2", 1.4, 1.1, 1.0, 0.95, 1.0, 0.95);   // best 0.95 first at step 200
        evals(r, "sw-10", 2.4, 2.6);
        r.apply(new StopCommand("sw-10/sweep-median-stopping/100", "sw-10", "sweep-median-stopping",
                "valLoss 2.6 worse than the median 1.2 of 3 members at step 100", 100, 3000, "analyzer",
                Map.of("median", 1.2, "step", 100, "value", 2.6, "membersCounted", 3), null, null));
        r.apply(new RunFinished("sw-10", 101, 3100, FinishStatus.STOPPED, "pruned", null));
        r.apply(new RunFinished("sw-0", 300, 3200, FinishStatus.COMPLETED, null, null));
        // stopped early by a single-run rule: counts for the steps saved, not as pruned
        r.apply(new StopCommand("sw-1/early-stopping/280", "sw-1", "early-stopping", "no improvement", 280, 3300,
                "analyzer", Map.of(), null, null));
        r.apply(new RunFinished("sw-1", 280, 3400, FinishStatus.STOPPED, "early stopping", null));

        SweepSummary s = r.sweep("sw").orElseThrow();
        assertEquals(List.of("sw-0", "sw-1", "sw-2", "sw-10"), s.members().stream().map(SweepSummary.Member::runId)
                .toList(), "natural run id order");
        assertEquals(4, s.memberCount());
        assertEquals(1, s.running());
        assertEquals(1, s.pruned());
        assertEquals(2, s.finished());
        assertEquals("median", s.rule());
        assertEquals(new SweepSummary.Winner("sw-2", 0.95, 200), s.winner());

        SweepSummary.Member pruned = s.members().get(3);
        assertEquals("pruned", pruned.status());
        assertEquals("sweep-median-stopping", pruned.prune().rule());
        assertEquals(100, pruned.prune().step());
        assertNull(pruned.prune().rung());
        assertEquals(1.2, pruned.prune().evidence().get("median"));
        assertTrue(pruned.prune().reason().contains("median"));
        assertEquals(199, pruned.stepsSaved(), "300 planned − finished at 101");
        assertEquals(20, s.members().get(1).stepsSaved(), "300 − 280, stopped by another rule");
        assertNull(s.members().get(0).stepsSaved(), "completed: nothing saved");
        assertEquals(219, s.gpuStepsSaved());

        // only what the sweep varies (learning rate, batch size), not the shared schedule and epochs
        assertEquals(Map.of("learningRate", 1e-4, "batchSize", 16), s.members().get(1).hyperparameters());
        assertEquals(List.of("learningRate", "batchSize"), List.copyOf(s.members().get(1).hyperparameters().keySet()));
        assertEquals(2, s.members().get(3).evals());
        assertEquals(2.6, s.members().get(3).lastValue());

        assertTrue(r.sweep("nope").isEmpty());
        List<SweepListItem> list = r.sweeps();
        assertEquals(List.of("sw", "x"), list.stream().map(SweepListItem::sweepId).toList());
        assertEquals("sw-2", list.get(0).winner().runId());
    }

    @Test
    void aPrunedMemberStillWindingDownCountsFromThePruneAndAshaNamesItsRung() {
        RunRegistry r = new RunRegistry(100, 100, 10);
        r.apply(member("a-0", "a", 1e-4, 8));
        r.apply(new StopCommand("a-0/sweep-asha/60", "a-0", "sweep-asha", "rank 3 of 3 at rung 60", 60, 1, "analyzer",
                Map.of("rung", 60, "rank", 3, "cutoff", 1.1), null, null));
        SweepSummary s = r.sweep("a").orElseThrow();
        assertEquals("median", s.rule());
        SweepSummary.Member m = s.members().get(0);
        assertEquals("pruned", m.status());
        assertEquals(60L, m.prune().rung());
        assertEquals(240, m.stepsSaved());
        assertNull(s.winner(), "no evaluation yet");
        assertEquals(Map.of("learningRate", 1e-4), m.hyperparameters(), "one member: the learning rate");
    }
}
