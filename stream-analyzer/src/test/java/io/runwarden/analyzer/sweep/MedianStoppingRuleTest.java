package io.runwarden.analyzer.sweep;

import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.StopCommand;
import io.runwarden.protocol.codec.ProtocolCodec;
import io.runwarden.protocol.sweep.SweepPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The median stopping rule against hand-computed cases (valLoss, evaluations every 25 steps). */
class MedianStoppingRuleTest {

    private static final SweepPolicy MEDIAN = SweepPolicy.medianDefaults(); // minMembers 3, graceEvals 1

    /** a, b, c, d at step 25, then a, b, c at step 50. */
    private static SweepState threeLeadersAnd(SweepPolicy policy) {
        SweepState s = SweepState.create("lr", policy);
        s.onMemberStarted("a", 200L, null);
        s.onMemberStarted("d", 200L, null);
        assertNoDecision(s.onEval("a", 25, 2.0, 1));
        assertNoDecision(s.onEval("b", 25, 2.1, 2));
        assertNoDecision(s.onEval("c", 25, 2.2, 3));
        assertNoDecision(s.onEval("d", 25, 2.6, 4)); // its first evaluation: exempt (graceEvals = 1)
        assertNoDecision(s.onEval("a", 50, 1.6, 5)); // nobody else has reached 50
        assertNoDecision(s.onEval("b", 50, 1.7, 6)); // 1 other at 50 < minMembers 3
        assertNoDecision(s.onEval("c", 50, 1.8, 7)); // 2 others at 50 < minMembers 3
        return s;
    }

    @Test
    void worstOfFourIsStoppedAtStep50AgainstTheMedianOfRunningAverages() {
        SweepState s = threeLeadersAnd(MEDIAN);
        // Running averages at step 50: a = (2.0 + 1.6) / 2 = 1.8, b = (2.1 + 1.7) / 2 = 1.9,
        // c = (2.2 + 1.8) / 2 = 2.0 → median 1.9. d's best so far = min(2.6, 2.4) = 2.4 > 1.9 → STOP.
        SweepDecision d = s.onEval("d", 50, 2.4, 8).orElseThrow();
        assertEquals("d", d.runId());
        assertEquals(SweepDecision.RULE_MEDIAN, d.rule());
        assertEquals(50, d.step());
        assertEquals(1.9, (double) d.evidence().get("median"), 1e-12);
        assertEquals(2.4, (double) d.evidence().get("bestValue"), 1e-12);
        assertEquals(3, d.evidence().get("membersCounted"));
        assertEquals(List.of("a", "b", "c"), d.evidence().get("members"));

        StopCommand stop = d.toStopCommand(99);
        assertEquals("d/sweep-median-stopping/50", stop.commandId());
        assertEquals("analyzer", stop.origin());
        assertEquals("lr", stop.evidence().get("sweepId"));
        assertEquals(50, stop.atStep());
        // The STOP travels: it encodes and decodes with its evidence.
        StopCommand decoded = (StopCommand) ProtocolCodec.decodeCommand(ProtocolCodec.encodeCommand(stop));
        assertEquals(stop.commandId(), decoded.commandId());
        assertEquals(1.9, ((Number) decoded.evidence().get("median")).doubleValue(), 1e-12);
        assertEquals(List.of("a", "b", "c"), decoded.evidence().get("members"));
        assertEquals(SweepDecision.RULE_MEDIAN, d.toAlert().rule());

        // 200 planned steps − pruned at 50 = 150 GPU steps saved.
        assertEquals(150, s.gpuStepsSaved());
        // A pruned member receives no further decision, even when still worse.
        assertNoDecision(s.onEval("d", 75, 2.9, 9));
    }

    @Test
    void memberBetterThanTheMedianContinues() {
        SweepState s = SweepState.create("lr", MEDIAN);
        s.onEval("a", 25, 2.0, 1);
        s.onEval("b", 25, 2.1, 2);
        s.onEval("d", 25, 2.6, 3);
        s.onEval("c", 25, 2.2, 4);
        s.onEval("a", 50, 1.6, 5);
        s.onEval("b", 50, 1.7, 6);
        s.onEval("d", 50, 2.4, 7);
        // c at 50: others' running averages a = 1.8, b = 1.9, d = (2.6 + 2.4) / 2 = 2.5 → median 1.9;
        // c's best = min(2.2, 1.8) = 1.8 < 1.9 → continue.
        assertNoDecision(s.onEval("c", 50, 1.8, 8));
    }

    @Test
    void equalToTheMedianIsNotWorse() {
        SweepState s = threeLeadersAnd(MEDIAN);
        // median 1.9 (above); d's best = 1.9 is not strictly worse → continue.
        assertNoDecision(s.onEval("d", 50, 1.9, 8));
    }

    @Test
    void fewerThanMinMembersGivesNoDecision() {
        SweepState s = SweepState.create("lr", MEDIAN);
        s.onEval("a", 25, 2.0, 1);
        s.onEval("b", 25, 2.1, 2);
        s.onEval("d", 25, 2.6, 3);
        s.onEval("a", 50, 1.6, 4);
        s.onEval("b", 50, 1.7, 5);
        // Only a and b have reached 50: 2 < 3.
        assertNoDecision(s.onEval("d", 50, 2.4, 6));

        SweepState two = SweepState.create("lr", MEDIAN.withMedian(2, 0, 1));
        two.onEval("a", 25, 2.0, 1);
        two.onEval("b", 25, 2.1, 2);
        two.onEval("d", 25, 2.6, 3);
        two.onEval("a", 50, 1.6, 4);
        two.onEval("b", 50, 1.7, 5);
        // minMembers 2: median of a = 1.8 and b = 1.9 is (1.8 + 1.9) / 2 = 1.85; 2.4 > 1.85 → STOP.
        SweepDecision d = two.onEval("d", 50, 2.4, 6).orElseThrow();
        assertEquals(1.85, (double) d.evidence().get("median"), 1e-12);
        assertEquals(2, d.evidence().get("membersCounted"));
    }

    @Test
    void firstEvaluationsAreExemptDuringGrace() {
        SweepState s = SweepState.create("lr", MEDIAN);
        s.onEval("a", 25, 2.0, 1);
        s.onEval("b", 25, 2.1, 2);
        s.onEval("c", 25, 2.2, 3);
        s.onEval("a", 50, 1.6, 4);
        s.onEval("b", 50, 1.7, 5);
        s.onEval("c", 50, 1.8, 6);
        // d's first evaluation arrives late, at step 25: a, b, c reached 25 with averages 2.0, 2.1, 2.2 → median
        // 2.1, and 2.6 is worse — but the first evaluation is exempt (graceEvals 1).
        assertNoDecision(s.onEval("d", 25, 2.6, 7));

        SweepState steps = threeLeadersAnd(MEDIAN.withMedian(3, 100, 1));
        // graceSteps 100: step 50 < 100 → no decision although 2.4 > median 1.9.
        assertNoDecision(steps.onEval("d", 50, 2.4, 8));

        SweepState evals = threeLeadersAnd(MEDIAN.withMedian(3, 0, 2));
        // graceEvals 2: d's evaluation at 50 is its 2nd → still exempt.
        assertNoDecision(evals.onEval("d", 50, 2.4, 8));
    }

    @Test
    void finishedAndFailedMembersStillCountAsHistory() {
        SweepState s = threeLeadersAnd(MEDIAN);
        s.onMemberFinished("a", FinishStatus.COMPLETED);
        s.onMemberFinished("b", FinishStatus.FAILED);
        s.onMemberFinished("c", FinishStatus.STOPPED);
        assertTrue(s.onEval("d", 50, 2.4, 8).isPresent());
        // A finished member receives no decision.
        assertNoDecision(s.onEval("c", 75, 9.0, 9));
    }

    @Test
    void maxModeStopsTheLowestAccuracy() {
        SweepPolicy accuracy = MEDIAN.withMetric("accuracy").withMode("max");
        SweepState s = SweepState.create("acc", accuracy);
        s.onEval("a", 25, 0.50, 1);
        s.onEval("b", 25, 0.45, 2);
        s.onEval("c", 25, 0.40, 3);
        s.onEval("d", 25, 0.20, 4);
        s.onEval("a", 50, 0.70, 5);
        s.onEval("b", 50, 0.65, 6);
        s.onEval("c", 50, 0.60, 7);
        // Running averages at 50: a = 0.60, b = 0.55, c = 0.50 → median 0.55; d's best = max(0.2, 0.3) = 0.3 <
        // 0.55 → STOP.
        SweepDecision d = s.onEval("d", 50, 0.30, 8).orElseThrow();
        assertEquals(0.55, (double) d.evidence().get("median"), 1e-12);
        assertEquals(0.30, (double) d.evidence().get("bestValue"), 1e-12);
        assertEquals("max", d.evidence().get("mode"));
        assertEquals("a", s.winner().orElseThrow().runId());
        assertEquals(0.70, s.winner().orElseThrow().value(), 1e-12);
    }

    @Test
    void aDivergedMemberCountsAsWorst() {
        SweepState s = threeLeadersAnd(MEDIAN);
        SweepDecision d = s.onEval("d", 50, Double.NaN, 8).orElseThrow();
        // d's values 2.6 and NaN (= +∞): best 2.6 > median 1.9.
        assertEquals(2.6, (double) d.evidence().get("bestValue"), 1e-12);
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertEquals(2.0, MedianStoppingRule.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, MedianStoppingRule.median(List.of(4.0, 1.0, 3.0, 2.0)));
    }

    private static void assertNoDecision(Optional<SweepDecision> decision) {
        assertFalse(decision.isPresent(), () -> "unexpected decision " + decision);
    }
}
