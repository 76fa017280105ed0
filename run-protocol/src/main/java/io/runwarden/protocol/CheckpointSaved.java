package io.runwarden.protocol;

import java.util.Objects;

/** A checkpoint the agent can roll back to or restore at the end. {@code valLoss} is null when unknown. */
public record CheckpointSaved(String runId, long step, long ts, String checkpointId, Double valLoss)
        implements MetricEvent {

    public CheckpointSaved {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(checkpointId, "checkpointId");
    }

    @Override
    public MetricType type() {
        return MetricType.CHECKPOINT;
    }
}
