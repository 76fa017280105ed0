package io.runwarden.analyzer.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.EvalResult;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.RollbackDone;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.RunStarted;
import io.runwarden.protocol.TrainStep;
import io.runwarden.protocol.codec.ProtocolJson;
import io.runwarden.protocol.sweep.SweepPolicy;
import io.runwarden.protocol.sweep.SweepSummary;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The protocol events a processor hands to {@link SweepState#onEvent}. */
class SweepEventsTest {

    private static RunStarted started(String runId, double lr) {
        ObjectNode spec = ProtocolJson.mapper().createObjectNode().put("learningRate", lr).put("epochs", 1);
        return new RunStarted(runId, 0, 0, spec, 100, null, "lr", "agent-1");
    }

    private static EvalResult eval(String runId, long step, double valLoss) {
        return new EvalResult(runId, step, step, 0.1, valLoss, Map.of("accuracy", 1 - valLoss / 10));
    }

    @Test
    void aMemberThatEvaluatedAheadIsJudgedWhenTheOthersCatchUp() {
        SweepState s = SweepState.create("lr", SweepPolicy.medianDefaults());
        double[] lrs = {5e-5, 1e-4, 2e-4, 5e-4};
        for (int i = 0; i < 4; i++) {
            s.onEvent(started("lr-" + i, lrs[i]));
        }
        double[][] curves = {{2.0, 1.6}, {2.1, 1.7}, {2.2, 1.8}, {2.6, 2.4}};
        // The worst member, lr-3, always reports first: at its own evaluations too few others have reached the
        // step. lr-2 completing step 20 lets it be judged: best 2.4 > median(2.0, 1.9, 1.8 → running means
        // 1.8, 1.9, 2.0) = 1.9, at lr-3's step 20.
        List<SweepDecision> decisions = new java.util.ArrayList<>();
        for (int k = 0; k < 2; k++) {
            for (int i = 3; i >= 0; i--) {
                decisions.addAll(s.onEvent(eval("lr-" + i, 10L * (k + 1), curves[i][k])));
            }
        }
        assertEquals(1, decisions.size(), decisions.toString());
        assertEquals("lr-3", decisions.get(0).runId());
        assertEquals(20, decisions.get(0).step());
        assertEquals(1.9, (double) decisions.get(0).evidence().get("median"), 1e-9);
        assertEquals("pruned", s.summary().members().get(3).status());
    }

    @Test
    void eventsDriveTheStateLikeTheEntryPoints() {
        SweepState s = SweepState.create("lr", SweepPolicy.medianDefaults());
        double[] lrs = {5e-5, 1e-4, 2e-4, 5e-4};
        for (int i = 0; i < 4; i++) {
            s.onEvent(started("lr-" + i, lrs[i]));
        }
        double[][] curves = {{2.0, 1.6}, {2.1, 1.7}, {2.2, 1.8}, {2.6, 2.4}};
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < 4; i++) {
                List<SweepDecision> d = s.onEvent(eval("lr-" + i, 10L * (k + 1), curves[i][k]));
                // Only lr-3 at step 20: best 2.4 > median(1.8, 1.9, 2.0) = 1.9.
                assertEquals(i == 3 && k == 1 ? 1 : 0, d.size());
            }
        }
        s.onEvent(new RollbackDone("lr-0", 10, 30, 20, "ckpt-10", 0.5, 0, "c1"));
        s.onEvent(new RunFinished("lr-1", 100, 40, FinishStatus.COMPLETED, "done", null));
        assertTrue(s.onEvent(new TrainStep("lr-2", 21, 41, 0.2, 1.0, 1e-4, 1.0, 100, 1000, 50)).isEmpty());

        SweepSummary summary = s.summary();
        assertEquals(Map.of("learningRate", 5e-5), summary.members().get(0).hyperparameters());
        assertEquals(1, summary.members().get(0).evals()); // the rollback to step 10 dropped step 20
        assertEquals("completed", summary.members().get(1).status());
        assertEquals(80L, summary.gpuStepsSaved());

        // A policy on a metric the eval does not carry ignores the eval.
        SweepState other = SweepState.create("x", SweepPolicy.medianDefaults().withMetric("bleu"));
        assertTrue(other.onEvent(eval("a", 10, 1.0)).isEmpty());
        assertEquals(0, other.memberCount());
    }
}
