package io.runwarden.agent.run;

import io.runwarden.protocol.FinishStatus;

/**
 * How a run ended, from the agent's point of view. {@code invalid} means it never started (the spec or the
 * configuration was wrong); {@code status} is then {@code failed}.
 */
public record RunOutcome(FinishStatus status, String reason, boolean invalid, long step) {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_INVALID = 2;

    /** Pool mode shut down mid-run: not finished, to be resumed by another agent. */
    public static RunOutcome abandoned(long step) {
        return new RunOutcome(FinishStatus.FAILED, "abandoned", false, step);
    }

    public boolean isAbandoned() {
        return !invalid && "abandoned".equals(reason) && status == FinishStatus.FAILED;
    }

    public static RunOutcome invalid(String reason) {
        return new RunOutcome(FinishStatus.FAILED, reason, true, 0);
    }

    /** Job mode's exit code: 0 completed or stopped by a command, 1 failed, 2 invalid configuration. */
    public int exitCode() {
        if (invalid) {
            return EXIT_INVALID;
        }
        return status == FinishStatus.FAILED ? EXIT_FAILED : EXIT_OK;
    }
}
