package io.runwarden.protocol;

import java.util.Objects;

/**
 * The run ended. {@code restoredCheckpointId} names the checkpoint whose weights became the final model when a
 * STOP asked to restore the best weights.
 */
public record RunFinished(String runId, long step, long ts, FinishStatus status, String reason,
                          String restoredCheckpointId) implements MetricEvent {

    public RunFinished {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(status, "status");
    }

    @Override
    public MetricType type() {
        return MetricType.RUN_FINISHED;
    }
}
