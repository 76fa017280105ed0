package io.runwarden.protocol;

import java.util.Map;

/**
 * A message on {@link Topics#COMMANDS}. {@code commandId} is deterministic for analyzer commands (see
 * {@link CommandIds}) so agents can drop duplicates; {@code atStep} is the step whose event fired the command;
 * {@code origin} says who issued it ({@code analyzer}, or {@code user:<name>} for a person).
 */
public sealed interface RunCommand permits StopCommand, RollbackCommand {

    String commandId();

    String runId();

    CommandType type();

    String rule();

    String reason();

    long atStep();

    long issuedAt();

    String origin();

    /** The values and thresholds behind the decision; empty when there are none. */
    Map<String, Object> evidence();
}
