package io.runwarden.protocol.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.FieldError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading sweep specs: defaults, round trip, and errors that name the field (and the member). */
class SweepSpecCodecTest {

    private static InvalidSweepException invalid(String json) {
        return assertThrows(InvalidSweepException.class, () -> SweepExpander.expand(SweepSpecCodec.fromJson(json)));
    }

    private static void assertField(String expectedField, String json) {
        InvalidSweepException e = invalid(json);
        assertEquals(expectedField, e.field(), e::getMessage);
        assertTrue(e.getMessage().startsWith(expectedField), e.getMessage());
    }

    @Test
    void defaults() {
        SweepSpec spec = SweepSpecCodec.fromJson("{\"sweepId\": \"s\", \"grid\": {\"learningRate\": [1e-4]}}");
        assertEquals(SweepSpecCodec.DEFAULT_SEED, spec.seed());
        assertEquals(SweepPolicy.RULE_NONE, spec.pruning().rule());
        assertEquals(SweepBudget.unlimited(), spec.budget());
        assertEquals(false, spec.linearScaling());
        // A pruning object without a rule is the median rule with its defaults.
        SweepSpec median = SweepSpecCodec.fromJson("{\"sweepId\": \"s\", \"pruning\": {}}");
        assertEquals(SweepPolicy.medianDefaults(), median.pruning());
        // The base's seed seeds the draws when the sweep sets none.
        assertEquals(9, SweepSpecCodec.fromJson("{\"sweepId\": \"s\", \"base\": {\"seed\": 9}}").seed());
    }

    @Test
    void roundTrip() {
        SweepSpec spec = SweepSpecCodec.fromJson("""
                {"sweepId": "rt", "base": {"epochs": 1}, "seed": 3, "linearScaling": true,
                 "grid": {"batchSize,gradAccumulation": [[8, 2], [16, 1]]},
                 "random": {"samples": 2, "learningRate": {"logUniform": [1e-5, 1e-3]},
                            "schedule": {"choice": ["cosine", "wsd"]}},
                 "budget": {"maxMembers": 3},
                 "pruning": {"rule": "asha", "rungs": [10, 30], "eta": 2},
                 "policy": {"earlyStopping": {"patience": 2}}}""");
        ObjectNode json = SweepSpecCodec.toJson(spec);
        assertEquals(spec, SweepSpecCodec.fromTree(json));
        assertEquals(SweepExpander.expand(spec).members(),
                SweepExpander.expand(SweepSpecCodec.fromJson(json.toString())).members());
    }

    @Test
    void errorsNameTheField() {
        assertField("sweepId", "{\"grid\": {\"learningRate\": [1e-4]}}");
        assertField("sweepId", "{\"sweepId\": \"has space\"}");
        assertField("grd", "{\"sweepId\": \"s\", \"grd\": {}}");
        assertField("base.learningrate", "{\"sweepId\": \"s\", \"base\": {\"learningrate\": 1e-4}}");
        assertField("base.epochs", "{\"sweepId\": \"s\", \"base\": {\"epochs\": 0}}");
        assertField("grid.learningrate", "{\"sweepId\": \"s\", \"grid\": {\"learningrate\": [1e-4]}}");
        assertField("grid.learningRate", "{\"sweepId\": \"s\", \"grid\": {\"learningRate\": []}}");
        assertField("grid.learningRate[1]", "{\"sweepId\": \"s\", \"grid\": {\"learningRate\": [1e-4, -1]}}");
        assertField("grid.learningRate[0]", "{\"sweepId\": \"s\", \"grid\": {\"learningRate\": [\"fast\"]}}");
        assertField("grid.schedule[0]", "{\"sweepId\": \"s\", \"grid\": {\"schedule\": [\"cosin\"]}}");
        assertField("grid.batchSize,gradAccumulation[1]",
                "{\"sweepId\": \"s\", \"grid\": {\"batchSize,gradAccumulation\": [[8, 2], [16]]}}");
        assertField("grid.batchSize,gradAccumulation[0][1] (gradAccumulation)",
                "{\"sweepId\": \"s\", \"grid\": {\"batchSize,gradAccumulation\": [[8, 0]]}}");
        assertField("random.samples", "{\"sweepId\": \"s\", \"random\": {\"learningRate\": {\"uniform\": [0.1, 1]}}}");
        assertField("random.learningRate.logUniform",
                "{\"sweepId\": \"s\", \"random\": {\"samples\": 2, \"learningRate\": {\"logUniform\": [0, 1e-3]}}}");
        assertField("random.learningRate.normal",
                "{\"sweepId\": \"s\", \"random\": {\"samples\": 2, \"learningRate\": {\"normal\": [0, 1]}}}");
        assertField("random.schedule.uniform",
                "{\"sweepId\": \"s\", \"random\": {\"samples\": 2, \"schedule\": {\"uniform\": [0, 1]}}}");
        assertField("random.warmupRatio.uniform[1]",
                "{\"sweepId\": \"s\", \"random\": {\"samples\": 2, \"warmupRatio\": {\"uniform\": [0, 1.5]}}}");
        assertField("random.learningRate", "{\"sweepId\": \"s\", \"grid\": {\"learningRate\": [1e-4]},"
                + " \"random\": {\"samples\": 2, \"learningRate\": {\"uniform\": [1e-4, 1e-3]}}}");
        assertField("budget.maxMembers", "{\"sweepId\": \"s\", \"budget\": {\"maxMembers\": 0}}");
        assertField("budget.maxMember", "{\"sweepId\": \"s\", \"budget\": {\"maxMember\": 3}}");
        assertField("pruning.eta", "{\"sweepId\": \"s\", \"pruning\": {\"rule\": \"asha\", \"rungs\": [5], \"eta\": 1}}");
        assertField("pruning.rungs", "{\"sweepId\": \"s\", \"pruning\": {\"rule\": \"asha\"}}");
        assertField("pruning.rungs[1]", "{\"sweepId\": \"s\", \"pruning\": {\"rule\": \"asha\", \"rungs\": [5, -5]}}");
        assertField("pruning.rule", "{\"sweepId\": \"s\", \"pruning\": {\"rule\": \"hyperband\"}}");
        assertField("pruning.mode", "{\"sweepId\": \"s\", \"pruning\": {\"mode\": \"lowest\"}}");
        assertField("pruning.minMembers", "{\"sweepId\": \"s\", \"pruning\": {\"minMembers\": 0}}");
        assertField("policy", "{\"sweepId\": \"s\", \"policy\": [1]}");
        assertField("linearScaling", "{\"sweepId\": \"s\", \"linearScaling\": \"yes\"}");
    }

    @Test
    void anInvalidCombinationNamesTheMemberAndTheField() {
        // Each value is valid alone; together warmupSteps 100 ≥ maxSteps 50 (member 0) and dModel 64 with
        // heads 5 (members 0 and 1) are not.
        InvalidSweepException e = invalid("""
                {"sweepId": "c", "base": {"heads": 5},
                 "grid": {"maxSteps": [50, 500], "warmupSteps": [100], "dModel": [64]}}""");
        List<String> fields = e.errors().stream().map(FieldError::field).toList();
        assertTrue(fields.contains("members[0] c-0: warmupSteps"), fields.toString());
        assertTrue(fields.contains("members[0] c-0: heads"), fields.toString());
        assertTrue(fields.contains("members[1] c-1: heads"), fields.toString());
        assertTrue(!fields.contains("members[1] c-1: warmupSteps"), fields.toString());
    }

    @Test
    void budgetErrors() {
        // 30 × 20 = 600 members > 512 without a cap.
        StringBuilder lrs = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            lrs.append(i == 1 ? "" : ",").append(i).append("e-5");
        }
        StringBuilder ranks = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            ranks.append(i == 1 ? "" : ",").append(i);
        }
        assertField("budget.maxMembers", "{\"sweepId\": \"s\", \"grid\": {\"learningRate\": [" + lrs
                + "], \"loraRank\": [" + ranks + "]}}");
        assertField("members[0] s-0: maxSteps", "{\"sweepId\": \"s\", \"budget\": {\"maxTotalSteps\": 100},"
                + " \"grid\": {\"learningRate\": [1e-4]}}");
        assertField("budget.maxTotalSteps", "{\"sweepId\": \"s\", \"base\": {\"maxSteps\": 200},"
                + " \"budget\": {\"maxTotalSteps\": 100}, \"grid\": {\"learningRate\": [1e-4]}}");
    }

    @Test
    void malformedJsonIsAnError() {
        assertField("(spec)", "{\"sweepId\": ");
        assertField("(spec)", "[1, 2]");
    }
}
