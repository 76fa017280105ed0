package io.runwarden.agent.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwarden.protocol.RunSpec;

/** One run to execute: from the job configuration or from a run request. */
public record RunAssignment(String runId, RunSpec spec, JsonNode policy, String sweepId) {
}
