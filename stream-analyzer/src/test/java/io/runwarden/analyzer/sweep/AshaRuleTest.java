package io.runwarden.analyzer.sweep;

import io.runwarden.protocol.sweep.SweepPolicy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ASHA (η = 3) decided asynchronously on arrival, against hand-computed ranks and cutoffs. */
class AshaRuleTest {

    private static final SweepPolicy ASHA = SweepPolicy.asha(List.of(25L, 75L), 3);

    @Test
    void nineArrivalsAtARungArePromotedOrStoppedInArrivalOrder() {
        SweepState s = SweepState.create("asha", ASHA);
        double[] values = {5, 4, 6, 3, 7, 4.5, 8, 1, 3.5};
        for (int i = 0; i < values.length; i++) {
            s.onMemberStarted("m" + i, 300L, null);
        }
        List<String> stopped = new ArrayList<>();
        List<SweepDecision> decisions = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            Optional<SweepDecision> d = s.onEval("m" + i, 25, values[i], i);
            d.ifPresent(x -> {
                stopped.add(x.runId());
                decisions.add(x);
            });
        }
        // n = arrivals so far (itself included), k = ⌊n/3⌋ promotable, rank 1 = lowest loss:
        // m0 5   n=1 < η → continue
        // m1 4   n=2 < η → continue
        // m2 6   n=3 k=1 sorted [4,5,6]           rank 3 > 1 → STOP, cutoff 4
        // m3 3   n=4 k=1 sorted [3,4,5,6]         rank 1     → continue
        // m4 7   n=5 k=1                          rank 5 > 1 → STOP, cutoff 3
        // m5 4.5 n=6 k=2 sorted [3,4,4.5,5,6,7]   rank 3 > 2 → STOP, cutoff 4
        // m6 8   n=7 k=2                          rank 7 > 2 → STOP, cutoff 4
        // m7 1   n=8 k=2                          rank 1     → continue
        // m8 3.5 n=9 k=3 sorted [1,3,3.5,4,...]   rank 3 ≤ 3 → continue
        // (Synchronous halving would keep only m7, m3, m8; ASHA also let m0 and m1 through — the paper's price
        // for never waiting.)
        assertEquals(List.of("m2", "m4", "m5", "m6"), stopped);
        assertEquals(List.of(4.0, 3.0, 4.0, 4.0), decisions.stream().map(d -> (Double) d.evidence().get("cutoff"))
                .toList());
        assertEquals(List.of(3, 5, 3, 7), decisions.stream().map(d -> d.evidence().get("rank")).toList());
        assertEquals(List.of(1, 1, 2, 2), decisions.stream().map(d -> d.evidence().get("promotable")).toList());
        SweepDecision m5 = decisions.get(2);
        assertEquals(25L, m5.rung());
        assertEquals(6, m5.evidence().get("arrivals"));
        assertEquals("m5/sweep-asha/25", m5.commandId());
        // 4 pruned at step 25 of 300: 4 × 275 saved.
        assertEquals(4 * 275, s.gpuStepsSaved());

        // The survivors reach rung 75: m3 2.5, m0 3.0, then m1 2.9: n=3 k=1, sorted [2.5, 2.9, 3.0], rank 2 → STOP.
        assertTrue(s.onEval("m3", 75, 2.5, 20).isEmpty());
        assertTrue(s.onEval("m0", 75, 3.0, 21).isEmpty());
        SweepDecision m1 = s.onEval("m1", 75, 2.9, 22).orElseThrow();
        assertEquals(75L, m1.rung());
        assertEquals(2.5, (double) m1.evidence().get("cutoff"));
        // Past the last rung, members run to completion.
        assertTrue(s.onEval("m0", 150, 9.0, 23).isEmpty());
        assertEquals("pruned", s.summary().members().get(1).status());
        assertEquals(75L, s.summary().members().get(1).prune().rung());
    }

    @Test
    void evaluationsBetweenRungsAreNotRecordedTwice() {
        SweepState s = SweepState.create("asha", ASHA);
        s.onEval("a", 25, 1.0, 1);
        s.onEval("b", 25, 2.0, 2);
        // b's later evaluation at 50 is past rung 25, below rung 75: no second record at 25.
        assertTrue(s.onEval("b", 50, 9.0, 3).isEmpty());
        // c is the 3rd arrival at 25: sorted [1, 2, 3], rank 3 > 1 → STOP.
        assertEquals(3, s.onEval("c", 25, 3.0, 4).orElseThrow().evidence().get("arrivals"));
    }

    @Test
    void anEvaluationJumpingOverRungsIsRecordedAtTheHighestOnly() {
        SweepState s = SweepState.create("asha", ASHA);
        s.onEval("a", 80, 1.0, 1); // first evaluation after rung 75: recorded at 75, not at 25
        s.onEval("b", 25, 2.0, 2);
        // c at 25 is the 2nd arrival there (b, c) → n < η → continue.
        assertTrue(s.onEval("c", 25, 3.0, 3).isEmpty());
    }

    @Test
    void tiesGoToTheEarlierArrival() {
        SweepState s = SweepState.create("asha", ASHA);
        s.onEval("a", 25, 2.0, 1);
        s.onEval("b", 25, 3.0, 2);
        // c ties a at 2.0 but arrived later: rank 2 > ⌊3/3⌋ = 1 → STOP.
        SweepDecision c = s.onEval("c", 25, 2.0, 3).orElseThrow();
        assertEquals(2, c.evidence().get("rank"));
    }

    @Test
    void maxModeKeepsTheHighest() {
        SweepState s = SweepState.create("asha", SweepPolicy.asha(List.of(25L), 3).withMetric("accuracy")
                .withMode("max"));
        s.onEval("a", 25, 0.5, 1);
        s.onEval("b", 25, 0.7, 2);
        // sorted descending [0.7, 0.6, 0.5]: c ranks 2 > 1 → STOP, cutoff 0.7.
        SweepDecision c = s.onEval("c", 25, 0.6, 3).orElseThrow();
        assertEquals(0.7, (double) c.evidence().get("cutoff"));
        // d = 0.9 is the best of 4: rank 1 ≤ 1 → continue.
        assertTrue(s.onEval("d", 25, 0.9, 4).isEmpty());
    }

    @Test
    void generatedRungsAreMinStepsTimesEtaToTheK() {
        SweepPolicy p = SweepPolicy.fromJson("{\"rule\":\"asha\",\"minSteps\":25,\"eta\":3}");
        assertEquals(List.of(25L, 75L, 225L), p.ashaRungs());
        assertEquals(75L, AshaRule.rungReached(p.ashaRungs(), 100, 25));
        assertEquals(0L, AshaRule.rungReached(p.ashaRungs(), 100, 75));
        assertEquals(0L, AshaRule.rungReached(p.ashaRungs(), 10, 0));
    }

    @Test
    void stoppedMembersValuesStayInTheRung() {
        SweepState s = SweepState.create("asha", ASHA);
        s.onEval("a", 25, 1.0, 1);
        s.onEval("b", 25, 2.0, 2);
        assertTrue(s.onEval("c", 25, 3.0, 3).isPresent());
        // d is the 4th arrival: the stopped c still counts. sorted [1,2,2.5,3], k=1, rank 3 → STOP.
        SweepDecision d = s.onEval("d", 25, 2.5, 4).orElseThrow();
        assertEquals(4, d.evidence().get("arrivals"));
        assertNull(s.summary().members().get(0).prune());
        assertFalse(s.summary().members().get(2).prune().reason().isBlank());
    }
}
