package io.runwarden.engine.optim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LrScheduleTest {

    // 100 steps, 10 of warmup: indices 0..9 ramp, decay over the remaining 90.
    private static LrSchedule of(String kind) {
        return new LrSchedule(kind, 100, 10, 0.8);
    }

    @Test
    void warmupRampsLinearlyToThePeakForEverySchedule() {
        for (String kind : new String[] {"constant", "linear", "cosine", "wsd"}) {
            LrSchedule s = of(kind);
            assertEquals(0.1, s.multiplier(0), 1e-12, kind);
            assertEquals(0.5, s.multiplier(4), 1e-12, kind);
            assertEquals(1.0, s.multiplier(9), 1e-12, kind);
            assertEquals(1.0, s.multiplier(10), 1e-12, kind);
        }
    }

    @Test
    void constantHoldsThePeak() {
        assertEquals(1.0, of("constant").multiplier(55), 1e-12);
        assertEquals(1.0, of("constant").multiplier(99), 1e-12);
    }

    @Test
    void linearDecaysToZeroAtTheEndOfTraining() {
        LrSchedule s = of("linear");
        assertEquals(0.5, s.multiplier(55), 1e-12); // (55-10)/90 = 0.5
        assertEquals(1.0 / 90, s.multiplier(99), 1e-12);
        assertEquals(0.0, s.multiplier(100), 1e-12);
    }

    @Test
    void cosineFollowsHalfACosine() {
        LrSchedule s = of("cosine");
        assertEquals(0.5, s.multiplier(55), 1e-12);
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 22 / 90.0)), s.multiplier(32), 1e-12);
        assertEquals(0.0, s.multiplier(100), 1e-12);
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 89 / 90.0)), s.multiplier(99), 1e-12);
    }

    @Test
    void wsdHoldsThePeakUntilTheStableFractionThenDecaysLinearly() {
        LrSchedule s = of("wsd");
        assertEquals(80, s.decayStart());
        assertEquals(1.0, s.multiplier(50), 1e-12);
        assertEquals(1.0, s.multiplier(79), 1e-12);
        assertEquals(1.0, s.multiplier(80), 1e-12);
        assertEquals(0.5, s.multiplier(90), 1e-12);
        assertEquals(0.05, s.multiplier(99), 1e-12);
        assertEquals(0.0, s.multiplier(100), 1e-12);
    }

    @Test
    void warmupFromARatioRoundsUpAndMustBeShorterThanTraining() {
        assertEquals(6, LrSchedule.warmupSteps(null, 0.03, 188));
        assertEquals(20, LrSchedule.warmupSteps(20, 0.03, 188));
        assertEquals(0, LrSchedule.warmupSteps(null, 0.0, 188));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule("cosine", 10, 10, 0.8));
    }

    @Test
    void withoutWarmupTheFirstStepRunsAtThePeak() {
        assertEquals(1.0, new LrSchedule("cosine", 10, 0, 0.8).multiplier(0), 1e-12);
    }
}
