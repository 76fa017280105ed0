package io.runwarden.engine;

/**
 * An instruction from outside (a person or the analyzer), applied by the training loop between optimizer steps.
 * {@code commandId} identifies it for de-duplication and confirmation.
 */
public sealed interface TrainerDirective {

    String commandId();

    /**
     * Finish the current step and end the run; when {@code restoreCheckpointId} is set, restore it first so the
     * final model is that checkpoint's weights.
     */
    record Stop(String commandId, String reason, String restoreCheckpointId) implements TrainerDirective {
    }

    /**
     * Restore weights, optimizer state, schedule and data position from {@code checkpointId}, multiply the
     * learning rate by {@code lrFactor}, skip {@code skipBatches} batches, and continue.
     */
    record Rollback(String commandId, String checkpointId, double lrFactor, int skipBatches)
            implements TrainerDirective {
    }
}
