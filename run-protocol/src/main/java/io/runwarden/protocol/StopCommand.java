package io.runwarden.protocol;

import java.util.Map;
import java.util.Objects;

/**
 * Finish the current step and end the run. When {@code restoreCheckpointId} is set, the agent first restores
 * that checkpoint (the best weights) so it becomes the final model.
 */
public record StopCommand(String commandId, String runId, String rule, String reason, long atStep, long issuedAt,
                          String origin, Map<String, Object> evidence, String restoreCheckpointId,
                          Long restoreStep) implements RunCommand {

    public StopCommand {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(rule, "rule");
        evidence = evidence == null ? Map.of() : evidence;
    }

    @Override
    public CommandType type() {
        return CommandType.STOP;
    }
}
