package io.runwarden.protocol.sweep;

import io.runwarden.protocol.RunRequest;
import io.runwarden.protocol.RunSpec;
import io.runwarden.protocol.codec.ProtocolCodec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Expansion of sweep specs into members: grid, random, budget, linear scaling. */
class SweepExpanderTest {

    static SweepPlan expand(String json) {
        return SweepExpander.expand(SweepSpecCodec.fromJson(json));
    }

    @Test
    void gridIsEveryCombinationFirstAxisSlowest() {
        SweepPlan plan = expand("""
                {"sweepId": "lr", "base": {"epochs": 1, "finetune": "lora"},
                 "grid": {"learningRate": [5e-5, 1e-4, 2e-4, 5e-4],
                          "batchSize,gradAccumulation": [[8, 2], [16, 1]]}}""");
        // 4 learning rates × 2 batch pairs = 8 members.
        assertEquals(8, plan.members().size());
        assertEquals(8, plan.expanded());
        assertEquals(0, plan.droppedByBudget());
        SweepMember m0 = plan.members().get(0);
        SweepMember m1 = plan.members().get(1);
        SweepMember m2 = plan.members().get(2);
        assertEquals("lr-0", m0.runId());
        assertEquals(Map.of("learningRate", 5e-5, "batchSize", 8, "gradAccumulation", 2), m0.hyperparameters());
        assertEquals(List.of("learningRate", "batchSize", "gradAccumulation"),
                List.copyOf(m0.hyperparameters().keySet()));
        assertEquals(16, m1.spec().batchSize());
        assertEquals(1, m1.spec().gradAccumulation());
        assertEquals(5e-5, m1.spec().learningRate());
        assertEquals(1e-4, m2.spec().learningRate());
        assertEquals(8, m2.spec().batchSize());
        assertEquals("lr-7", plan.members().get(7).runId());
        assertEquals(5e-4, plan.members().get(7).spec().learningRate());
        // The base's fields are kept.
        plan.members().forEach(m -> assertEquals(1, m.spec().epochs()));
    }

    @Test
    void randomSamplesAreReproducibleForASeed() {
        String spec = """
                {"sweepId": "r", "seed": %d, "base": {"epochs": 1},
                 "random": {"samples": 12, "learningRate": {"logUniform": [1e-5, 1e-3]},
                            "warmupRatio": {"uniform": [0.0, 0.1]}, "loraRank": {"choice": [4, 8, 16]},
                            "warmupSteps": {"uniform": [0, 10]}}}""";
        SweepPlan a = expand(spec.formatted(7));
        SweepPlan b = expand(spec.formatted(7));
        SweepPlan c = expand(spec.formatted(8));
        assertEquals(12, a.members().size());
        assertEquals(a.members(), b.members());
        assertNotEquals(a.members().stream().map(SweepMember::hyperparameters).toList(),
                c.members().stream().map(SweepMember::hyperparameters).toList());
        for (SweepMember m : a.members()) {
            assertTrue(m.spec().learningRate() >= 1e-5 && m.spec().learningRate() <= 1e-3);
            assertTrue(m.spec().warmupRatio() >= 0 && m.spec().warmupRatio() <= 0.1);
            assertTrue(Set.of(4, 8, 16).contains(m.spec().loraRank()));
            assertTrue(m.spec().warmupSteps() >= 0 && m.spec().warmupSteps() <= 10); // an integer field: rounded
        }
        // A log-uniform draw spreads over the decades: with 12 draws both 1e-5..1e-4 and 1e-4..1e-3 are hit.
        Set<Boolean> lowDecade = a.members().stream().map(m -> m.spec().learningRate() < 1e-4)
                .collect(Collectors.toSet());
        assertEquals(Set.of(true, false), lowDecade);
    }

    @Test
    void gridTimesRandomDrawsSamplesPerGridPoint() {
        SweepPlan plan = expand("""
                {"sweepId": "gr", "grid": {"loraRank": [4, 8]},
                 "random": {"samples": 3, "learningRate": {"logUniform": [1e-5, 1e-3]}}}""");
        assertEquals(6, plan.members().size());
        assertEquals(List.of(4, 4, 4, 8, 8, 8), plan.members().stream().map(m -> m.spec().loraRank()).toList());
    }

    @Test
    void maxMembersKeepsASeededSubsetInExpansionOrder() {
        String spec = """
                {"sweepId": "b", "seed": %d, "budget": {"maxMembers": 5},
                 "grid": {"learningRate": [1e-5, 2e-5, 5e-5, 1e-4], "loraRank": [4, 8, 16, 32]}}""";
        SweepPlan plan = expand(spec.formatted(1));
        assertEquals(5, plan.members().size());
        assertEquals(16, plan.expanded());
        assertEquals(11, plan.droppedByBudget());
        assertEquals(List.of("b-0", "b-1", "b-2", "b-3", "b-4"), plan.members().stream().map(SweepMember::runId)
                .toList());
        // Same seed, same subset; the subset keeps the grid's order (learning rate non-decreasing).
        assertEquals(plan.members(), expand(spec.formatted(1)).members());
        List<Double> lrs = plan.members().stream().map(m -> m.spec().learningRate()).toList();
        assertEquals(lrs.stream().sorted().toList(), lrs);
        // Every chosen member is a distinct combination.
        assertEquals(5, plan.members().stream().map(SweepMember::hyperparameters).distinct().count());
    }

    @Test
    void maxTotalStepsKeepsThePrefixThatFits() {
        SweepPlan plan = expand("""
                {"sweepId": "t", "base": {"maxSteps": 100}, "budget": {"maxTotalSteps": 250},
                 "grid": {"learningRate": [1e-4, 2e-4, 5e-4]}}""");
        // 100 + 100 = 200 ≤ 250; a third member would make 300.
        assertEquals(2, plan.members().size());
        assertEquals(3, plan.expanded());
    }

    @Test
    void linearScalingScalesTheLearningRateWithTheEffectiveBatch() {
        SweepPlan plan = expand("""
                {"sweepId": "ls", "linearScaling": true,
                 "base": {"learningRate": 2e-4, "batchSize": 8, "gradAccumulation": 2},
                 "grid": {"batchSize": [4, 8, 32]}}""");
        // Base effective batch 8 × 2 = 16.
        // batchSize 4:  effective 8  → 2e-4 × 8/16  = 1e-4
        // batchSize 8:  effective 16 → unchanged 2e-4 (and not listed as varied)
        // batchSize 32: effective 64 → 2e-4 × 64/16 = 8e-4
        assertEquals(1e-4, plan.members().get(0).spec().learningRate(), 1e-15);
        assertEquals(2e-4, plan.members().get(1).spec().learningRate(), 1e-15);
        assertEquals(8e-4, plan.members().get(2).spec().learningRate(), 1e-15);
        assertEquals(8e-4, (double) plan.members().get(2).hyperparameters().get("learningRate"), 1e-15);
        assertEquals(Set.of("batchSize"), plan.members().get(1).hyperparameters().keySet());

        SweepPlan withGridLr = expand("""
                {"sweepId": "ls2", "linearScaling": true, "base": {"batchSize": 8, "gradAccumulation": 2},
                 "grid": {"learningRate": [1e-4], "batchSize,gradAccumulation": [[16, 4]]}}""");
        // The grid's lr is meant at the base batch 16: 1e-4 × (16 × 4) / 16 = 4e-4.
        assertEquals(4e-4, withGridLr.members().get(0).spec().learningRate(), 1e-15);

        SweepPlan defaultLr = expand("""
                {"sweepId": "ls3", "linearScaling": true, "base": {"finetune": "full"},
                 "grid": {"gradAccumulation": [4]}}""");
        // Full fine-tuning default lr 2e-5 at the default batch 8 × 2 = 16; 8 × 4 = 32 → 4e-5.
        assertEquals(4e-5, defaultLr.members().get(0).spec().learningRate(), 1e-15);
    }

    @Test
    void runRequestsCarryTheSweepIdAndEncode() {
        SweepPlan plan = expand("""
                {"sweepId": "lr", "grid": {"learningRate": [1e-4, 2e-4]},
                 "policy": {"earlyStopping": {"patience": 3}}}""");
        List<RunRequest> requests = plan.runRequests("cli:ada", 1234);
        assertEquals(2, requests.size());
        RunRequest decoded = ProtocolCodec.decodeRunRequest(ProtocolCodec.encodeRunRequest(requests.get(1)));
        assertEquals("lr-1", decoded.runId());
        assertEquals("lr", decoded.sweepId());
        assertEquals("cli:ada", decoded.submittedBy());
        assertEquals(1234, decoded.submittedAt());
        assertEquals(2e-4, decoded.spec().learningRate());
        assertEquals(3, decoded.policy().path("earlyStopping").path("patience").asInt());
    }

    @Test
    void theShippedExamplesExpand() throws Exception {
        SweepPlan lr = SweepExpander.expand(SweepSpecCodec.fromFile(Path.of("../docs/examples/lr-sweep.json")));
        assertEquals(List.of(5e-5, 1e-4, 2e-4, 5e-4), lr.members().stream().map(m -> m.spec().learningRate())
                .toList());
        lr.members().forEach(m -> assertEquals(1, m.spec().epochs()));
        assertEquals(SweepPolicy.RULE_MEDIAN, lr.spec().pruning().rule());

        SweepPlan asha = SweepExpander.expand(SweepSpecCodec.fromFile(Path.of("../docs/examples/asha-sweep.json")));
        // 3 LoRA pairs × 2 batch pairs × 9 draws = 54, cut to 27 by maxMembers; 27 × 180 = 4860 steps fit.
        assertEquals(54, asha.expanded());
        assertEquals(27, asha.members().size());
        assertEquals(List.of(20L, 60L), asha.spec().pruning().ashaRungs());
        for (SweepMember m : asha.members()) {
            RunSpec s = m.spec();
            assertEquals(2 * s.loraRank(), s.loraAlpha(), 1e-12);
            assertTrue(s.validate().isEmpty());
        }
    }
}
