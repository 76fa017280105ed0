package io.runwarden.dashboard.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** A copy of what the sweep view needs of one member run, taken under the registry's lock. */
public record SweepMemberFacts(String runId, ObjectNode spec, JsonNode policy, RunStatus status, long step,
                               Long totalSteps, Double lastValLoss, Double bestValLoss, Long bestValStep, int evals,
                               List<CommandView> commands, Long finishedAt, long updatedAt) {
}
