package io.runwarden.protocol.sweep;

import io.runwarden.protocol.EvalResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pruning policy as the analyzer reads it: defaults, JSON both ways, the judged value of an eval. */
class SweepPolicyTest {

    @Test
    void defaultsAndRoundTrip() {
        SweepPolicy median = SweepPolicy.fromJson("{}");
        assertEquals(SweepPolicy.medianDefaults(), median);
        assertEquals(3, median.minMembers());
        assertEquals(0, median.graceSteps());
        assertEquals(1, median.graceEvals());
        assertEquals(SweepPolicy.none(), SweepPolicy.fromJson(null, "pruning"));

        SweepPolicy asha = SweepPolicy.fromJson("{\"rule\": \"asha\", \"rungs\": [100, 25, 50], \"eta\": 4,"
                + " \"mode\": \"max\", \"metric\": \"accuracy\"}");
        assertEquals(List.of(25L, 50L, 100L), asha.ashaRungs());
        assertTrue(asha.maximize());
        assertEquals(asha, SweepPolicy.fromJson(asha.toJson().toString()));
    }

    @Test
    void theJudgedValueOfAnEval() {
        EvalResult eval = new EvalResult("r", 10, 0, 0.5, 1.25, Map.of("accuracy", 0.75));
        assertEquals(1.25, SweepPolicy.medianDefaults().valueOf(eval));
        assertEquals(0.75, SweepPolicy.medianDefaults().withMetric("accuracy").valueOf(eval));
        assertNull(SweepPolicy.medianDefaults().withMetric("bleu").valueOf(eval));
    }

    @Test
    void errorsNameTheField() {
        InvalidSweepException e = assertThrows(InvalidSweepException.class,
                () -> SweepPolicy.fromJson("{\"rule\": \"asha\", \"minSteps\": 10, \"maxRungs\": 21}"));
        assertEquals("maxRungs", e.field());
        e = assertThrows(InvalidSweepException.class,
                () -> SweepPolicy.fromJson("{\"rule\": \"asha\", \"minSteps\": 10, \"rungs\": [10]}"));
        assertEquals("minSteps", e.field());
        e = assertThrows(InvalidSweepException.class, () -> SweepPolicy.fromJson("{\"patience\": 3}"));
        assertEquals("patience", e.field());
        e = assertThrows(InvalidSweepException.class, () -> SweepPolicy.fromJson("{\"graceSteps\": 1.5}"));
        assertEquals("graceSteps", e.field());
    }
}
