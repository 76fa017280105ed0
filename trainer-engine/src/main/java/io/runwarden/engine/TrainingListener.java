package io.runwarden.engine;

import io.runwarden.protocol.RunSpec;

/**
 * What the training loop tells the outside world. Called on the training thread, so implementations must
 * return at once (hand off to a queue; never block on I/O).
 */
public interface TrainingListener {

    /** Training is about to take its first step (or its first step after resuming at {@code startStep}). */
    default void runStarted(RunSpec resolvedSpec, long totalSteps, long startStep) {
    }

    /** One optimizer step finished. */
    default void trainStep(StepReport report) {
    }

    /** A validation pass on the held-out split finished. */
    default void evaluated(EvalReport report) {
    }

    /** A checkpoint was written and can be rolled back to or restored. */
    default void checkpointSaved(long step, String checkpointId, Double valLoss) {
    }

    /** A rollback directive was obeyed: training continues from {@code toStep}. */
    default void rolledBack(RollbackReport report) {
    }

    /**
     * A directive could not be carried out (e.g. a ROLLBACK to a checkpoint that does not exist); training goes
     * on as before.
     */
    default void directiveRejected(String commandId, String reason) {
    }

    /** The run ended, one way or another. Called exactly once. */
    default void finished(FinishReport report) {
    }

    TrainingListener NONE = new TrainingListener() {
    };
}
