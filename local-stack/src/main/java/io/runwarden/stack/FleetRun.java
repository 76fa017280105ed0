package io.runwarden.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwarden.protocol.RunSpec;

/**
 * One run of a fleet: its id, what it demonstrates, its spec and (optionally) its stop policy.
 */
record FleetRun(String runId, String description, RunSpec spec, JsonNode policy) {
}
