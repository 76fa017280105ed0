package io.runwarden.protocol;

import java.util.Map;
import java.util.Objects;

/**
 * Restore weights, optimizer state and schedule position from {@code checkpointId} (taken at {@code toStep}),
 * multiply the learning rate by {@code lrFactor}, skip {@code skipBatches} batches, and continue.
 */
public record RollbackCommand(String commandId, String runId, String rule, String reason, long atStep,
                              long issuedAt, String origin, Map<String, Object> evidence, String checkpointId,
                              long toStep, double lrFactor, int skipBatches) implements RunCommand {

    public RollbackCommand {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(checkpointId, "checkpointId");
        evidence = evidence == null ? Map.of() : evidence;
    }

    @Override
    public CommandType type() {
        return CommandType.ROLLBACK;
    }
}
