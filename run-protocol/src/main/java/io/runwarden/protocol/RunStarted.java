package io.runwarden.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * A run begins. {@code spec} is the run's full configuration as a JSON object (any trainer may publish its own
 * hyperparameter names; Runwarden's agents publish a {@link RunSpec}). {@code policy} optionally overrides the
 * analyzer's default stop policy for this run, in the same JSON shape as the analyzer's policy file.
 */
public record RunStarted(String runId, long step, long ts, ObjectNode spec, long totalSteps, JsonNode policy,
                         String sweepId, String agentId) implements MetricEvent {

    public RunStarted {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(spec, "spec");
    }

    @Override
    public MetricType type() {
        return MetricType.RUN_STARTED;
    }
}
