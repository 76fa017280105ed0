package io.runwarden.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * A message on {@link Topics#RUN_REQUESTS}: a run for the agent pool. {@code policy} optionally overrides the
 * analyzer's stop policy; {@code submittedBy} is the authenticated caller.
 */
public record RunRequest(String runId, RunSpec spec, JsonNode policy, String sweepId, String submittedBy,
                         long submittedAt) {

    public RunRequest {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(spec, "spec");
    }
}
