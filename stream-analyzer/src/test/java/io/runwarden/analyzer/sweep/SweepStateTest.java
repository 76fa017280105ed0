package io.runwarden.analyzer.sweep;

import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.codec.ProtocolJson;
import io.runwarden.protocol.sweep.SweepPolicy;
import io.runwarden.protocol.sweep.SweepSummary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exactness of the per-sweep state: order, duplicates, re-evaluations, rollbacks, bounds, JSON. */
class SweepStateTest {

    record Eval(String runId, long step, double value) {
    }

    /** 6 members × 8 evaluations (every 25 steps), a deterministic curve per member. */
    private static List<Eval> curves() {
        List<Eval> evals = new ArrayList<>();
        for (int m = 0; m < 6; m++) {
            for (int k = 1; k <= 8; k++) {
                evals.add(new Eval("s-" + m, 25L * k, 3.0 - 0.1 * k + 0.05 * m + 0.01 * ((m * k) % 3)));
            }
        }
        return evals;
    }

    private static SweepState deliver(SweepPolicy policy, List<Eval> evals) {
        SweepState s = SweepState.create("s", policy);
        for (int m = 0; m < 6; m++) {
            s.onMemberStarted("s-" + m, 400L, Map.of("learningRate", 1e-4 * (m + 1), "epochs", 1));
        }
        long ts = 0;
        for (Eval e : evals) {
            s.onEval(e.runId(), e.step(), e.value(), ts++);
        }
        return s;
    }

    private static String json(SweepSummary summary) {
        return summary.toJson().toString();
    }

    @Test
    void theSameEvaluationsInAnyOrderGiveTheSameSummary() {
        List<Eval> memberMajor = curves();
        List<Eval> stepMajorReversed = new ArrayList<>(memberMajor);
        stepMajorReversed.sort((a, b) -> a.step() != b.step() ? Long.compare(a.step(), b.step())
                : b.runId().compareTo(a.runId()));
        List<Eval> shuffled = new ArrayList<>(memberMajor);
        Collections.shuffle(shuffled, new Random(7));

        String expected = json(deliver(SweepPolicy.none(), memberMajor).summary());
        assertEquals(expected, json(deliver(SweepPolicy.none(), stepMajorReversed).summary()));
        assertEquals(expected, json(deliver(SweepPolicy.none(), shuffled).summary()));
        // The winner is the lowest value overall: member 0 at step 200: 3.0 − 0.8 + 0 + 0 = 2.2.
        SweepSummary.Winner winner = deliver(SweepPolicy.none(), shuffled).winner().orElseThrow();
        assertEquals("s-0", winner.runId());
        assertEquals(200, winner.step());
        assertEquals(2.2, winner.value(), 1e-12);
    }

    @Test
    void medianDecisionsAgreeAcrossOrdersWhenEachMemberSeesTheSameOthers() {
        // Member 5 is the worst at every step. Delivered member after member, or step after step with member 5
        // last at each step, it always finds the five others at its step: the same decision, the same summary.
        // (Delivered first, it would find nobody to compare with — the median rule judges what has arrived.)
        List<Eval> memberMajor = curves();
        List<Eval> stepMajor = new ArrayList<>(memberMajor);
        stepMajor.sort((a, b) -> a.step() != b.step() ? Long.compare(a.step(), b.step())
                : a.runId().compareTo(b.runId()));
        SweepState a = deliver(SweepPolicy.medianDefaults(), memberMajor);
        SweepState b = deliver(SweepPolicy.medianDefaults(), stepMajor);
        assertEquals(json(a.summary()), json(b.summary()));
        SweepSummary.Member worst = a.summary().members().get(5);
        assertEquals("pruned", worst.status());
        assertEquals(50, worst.prune().step()); // its first evaluation (25) is exempt
        assertEquals(350L, worst.stepsSaved());

        List<Eval> worstFirst = new ArrayList<>(memberMajor);
        worstFirst.sort((x, y) -> Boolean.compare(!x.runId().equals("s-5"), !y.runId().equals("s-5")));
        assertEquals("running", deliver(SweepPolicy.medianDefaults(), worstFirst).summary().members().get(5)
                .status());
    }

    @Test
    void duplicatesAreIgnored() {
        List<Eval> twice = new ArrayList<>();
        for (Eval e : curves()) {
            twice.add(e);
            twice.add(e);
        }
        SweepState once = deliver(SweepPolicy.medianDefaults(), curves());
        SweepState doubled = deliver(SweepPolicy.medianDefaults(), twice);
        assertEquals(json(once.summary()), json(doubled.summary()));
        assertEquals(8, doubled.summary().members().get(0).evals());
        // A duplicate of the evaluation that pruned a member gives no second decision.
        SweepState s = SweepState.create("s", SweepPolicy.asha(List.of(25L), 3));
        s.onEval("a", 25, 1, 1);
        s.onEval("b", 25, 2, 2);
        assertTrue(s.onEval("c", 25, 3, 3).isPresent());
        assertTrue(s.onEval("c", 25, 3, 3).isEmpty());
    }

    @Test
    void aReEvaluationAtTheSameStepReplacesInsteadOfCounting() {
        SweepState s = SweepState.create("s", SweepPolicy.none());
        s.onEval("a", 25, 2.0, 1);
        s.onEval("a", 50, 1.0, 2);
        s.onEval("a", 50, 1.5, 3);
        SweepSummary.Member a = s.summary().members().get(0);
        assertEquals(2, a.evals());
        assertEquals(1.5, a.bestValue());
        assertEquals(1.5, a.lastValue());
    }

    @Test
    void aRollbackForgetsTheAbandonedTrajectory() {
        SweepState s = SweepState.create("s", SweepPolicy.none());
        s.onEval("a", 25, 2.0, 1);
        s.onEval("a", 50, 1.5, 2);
        s.onEval("a", 75, 0.5, 3); // a suspicious dip the detectors rolled back from
        s.onRollback("a", 50);
        s.onEval("a", 75, 1.4, 4);
        SweepSummary.Member a = s.summary().members().get(0);
        assertEquals(3, a.evals());
        assertEquals(1.4, a.bestValue());
        assertEquals(75L, a.bestStep());
    }

    @Test
    void memoryIsBoundedAndTheFoldedHistoryStaysExact() {
        SweepState s = SweepState.create("big", SweepPolicy.medianDefaults(), 8, 16);
        double sum = 0;
        double best = Double.MAX_VALUE;
        for (int step = 1; step <= 10_000; step++) {
            double v = 5.0 / Math.sqrt(step) + 0.001 * (step % 7);
            sum += v;
            best = Math.min(best, v);
            s.onEval("m-" + (step % 20), step, v, step);
        }
        assertEquals(8, s.memberCount()); // 12 members beyond the cap were ignored
        assertTrue(s.storedPoints() <= 8 * 16, "stored " + s.storedPoints());
        assertTrue(s.ignoredEvents() > 0);

        SweepState one = SweepState.create("one", SweepPolicy.none(), 1, 16);
        double oneSum = 0;
        for (int step = 1; step <= 10_000; step++) {
            double v = 5.0 / Math.sqrt(step) + 0.001 * (step % 7);
            oneSum += v;
            one.onEval("m", step, v, step);
        }
        MemberCurve m = one.members().get("m");
        assertEquals(16, m.storedPoints());
        assertEquals(10_000, m.evals());
        assertEquals(oneSum / 10_000, m.runningMean(10_000), 1e-12);
        assertEquals(best, m.best(false).value());
        // Before the fold boundary the mean is unknown, never approximated.
        assertNull(m.runningMean(5_000));
        assertNotEquals(0, sum);
    }

    @Test
    void jsonRoundTripKeepsEverythingAndDecidesTheSame() {
        SweepPolicy asha = SweepPolicy.asha(List.of(25L, 75L), 3);
        SweepState live = SweepState.create("s", asha);
        SweepState restored = null;
        List<Eval> evals = curves();
        Collections.shuffle(evals, new Random(3));
        live.onMemberStarted("s-0", 400L, Map.of("learningRate", 1e-4));
        live.onEval("s-1", 25, Double.NaN, 0); // stored as +∞ (worst)
        for (int i = 0; i < evals.size(); i++) {
            Eval e = evals.get(i);
            if (i == evals.size() / 2) {
                restored = SweepState.fromJson(live.toJson());
                assertArrayEquals(live.toJson(), restored.toJson());
            }
            Optional<SweepDecision> a = live.onEval(e.runId(), e.step(), e.value(), i + 1);
            if (restored != null) {
                Optional<SweepDecision> b = restored.onEval(e.runId(), e.step(), e.value(), i + 1);
                assertEquals(a.map(SweepDecision::commandId), b.map(SweepDecision::commandId));
            }
        }
        assertEquals(json(live.summary()), json(restored.summary()));
        SweepStateSerde serde = new SweepStateSerde();
        byte[] bytes = serde.serializer().serialize("t", live);
        assertArrayEquals(bytes, serde.serializer().serialize("t", serde.deserializer().deserialize("t", bytes)));
    }

    @Test
    void summaryShowsVariedHyperparametersStatusesWinnerAndSavings() throws Exception {
        SweepState s = SweepState.create("lr", SweepPolicy.medianDefaults());
        String[] ids = {"lr-0", "lr-1", "lr-2", "lr-10"};
        double[] lrs = {5e-5, 1e-4, 2e-4, 5e-4};
        for (int i = 0; i < ids.length; i++) {
            s.onMemberStarted(ids[i], 100L, Map.of("learningRate", lrs[i], "epochs", 1));
        }
        s.onEval("lr-0", 10, 2.0, 1);
        s.onEval("lr-1", 10, 1.9, 2);
        s.onEval("lr-2", 10, 1.8, 3);
        s.onEval("lr-10", 10, 2.5, 4);
        s.onEval("lr-0", 20, 1.6, 5);
        s.onEval("lr-1", 20, 1.5, 6);
        s.onEval("lr-2", 20, 1.4, 7);
        // Averages at 20: 1.8, 1.7, 1.6 → median 1.7; lr-10's best 2.4 > 1.7 → pruned at 20, saving 80 steps.
        assertTrue(s.onEval("lr-10", 20, 2.4, 8).isPresent());
        s.onMemberFinished("lr-0", FinishStatus.COMPLETED);
        s.onMemberFinished("lr-10", FinishStatus.STOPPED); // the STOP it obeyed: stays "pruned"

        SweepSummary summary = SweepSummary.fromJson(ProtocolJson.mapper().writeValueAsString(s.summary()));
        assertEquals(List.of("lr-0", "lr-1", "lr-2", "lr-10"), summary.members().stream()
                .map(SweepSummary.Member::runId).toList());
        assertEquals(Map.of("learningRate", 5e-5), summary.members().get(0).hyperparameters()); // epochs: same
        assertEquals("completed", summary.members().get(0).status());
        assertEquals("pruned", summary.members().get(3).status());
        assertEquals(SweepDecision.RULE_MEDIAN, summary.members().get(3).prune().rule());
        assertEquals(80L, summary.gpuStepsSaved());
        assertEquals(new SweepSummary.Winner("lr-2", 1.4, 20), summary.winner());
        assertEquals(2, summary.running());
        assertEquals(1, summary.pruned());
        assertEquals(1, summary.finished());
    }
}
