package io.runwarden.protocol;

import java.util.Objects;

/**
 * The agent obeyed a ROLLBACK: it restored {@code checkpointId}, so the run continues from {@code step}
 * (the checkpoint's step) having been at {@code fromStep}.
 */
public record RollbackDone(String runId, long step, long ts, long fromStep, String checkpointId, double lrFactor,
                           int skippedBatches, String commandId) implements MetricEvent {

    public RollbackDone {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(checkpointId, "checkpointId");
        Objects.requireNonNull(commandId, "commandId");
    }

    @Override
    public MetricType type() {
        return MetricType.ROLLBACK_DONE;
    }
}
