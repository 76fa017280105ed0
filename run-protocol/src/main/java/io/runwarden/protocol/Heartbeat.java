package io.runwarden.protocol;

import java.util.Objects;

/** The agent is alive; sent every few seconds so a stalled run can be told from a slow one. */
public record Heartbeat(String runId, long step, long ts) implements MetricEvent {

    public Heartbeat {
        Objects.requireNonNull(runId, "runId");
    }

    @Override
    public MetricType type() {
        return MetricType.HEARTBEAT;
    }
}
