package io.runwarden.analyzer.policy;

import io.runwarden.protocol.sweep.SweepPolicy;

/**
 * The stop policy of one run: one section per detector. Built by {@link PolicyParser} from the built-in defaults,
 * the analyzer's policy file and the run's own {@code policy} object (each deep-merged over the previous).
 * {@code sweep} is the cross-run pruning policy of the run's sweep (used only when the run carries a sweepId).
 */
public record Policy(Rollback rollback, NonFinite nonFinite, LossSpike lossSpike, Divergence divergence,
                     EarlyStopping earlyStopping, Memorization memorization, NoLearning noLearning,
                     GradExplosion gradExplosion, Stalled stalled, SweepPolicy sweep) {

    /** Rollback budget and checkpoint choice, shared by every detector that rolls back. */
    public record Rollback(int budget, long minCheckpointAgeSteps, int maxCheckpoints) {
    }

    public record NonFinite(boolean enabled, double lrFactor, int skipBatches) {
    }

    /** {@code skipBatches} null: skip every batch from the checkpoint up to the step that fired. */
    public record LossSpike(boolean enabled, int window, int warmupSteps, double threshold, double minRelativeIncrease,
                            int persistSteps, DetectorAction action, long checkpointStepsBeforeSpike, double lrFactor,
                            Integer skipBatches) {
    }

    public record Divergence(boolean enabled, double emaAlpha, double factor, Double absoluteThreshold,
                             int warmupSteps, DetectorAction action) {
    }

    /** PyTorch Lightning / Keras {@code EarlyStopping}. */
    public record EarlyStopping(boolean enabled, String monitor, boolean maxMode, int patience, double minDelta,
                                Double baseline, Double stoppingThreshold, Double divergenceThreshold,
                                boolean checkFinite, long startFromStep, boolean restoreBest) {
    }

    public record Memorization(boolean enabled, double trainLossFloor, int risingEvals, DetectorAction action) {
    }

    public record NoLearning(boolean enabled, double afterFraction, double minRelativeDecrease) {
    }

    public record GradExplosion(boolean enabled, int window, int warmupSteps, double factor, int persistSteps,
                                DetectorAction action) {
    }

    public record Stalled(boolean enabled, long timeoutSeconds) {
    }
}
