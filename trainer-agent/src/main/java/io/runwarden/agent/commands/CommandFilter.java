package io.runwarden.agent.commands;

import io.runwarden.engine.TrainerDirective;
import io.runwarden.protocol.RollbackCommand;
import io.runwarden.protocol.RunCommand;
import io.runwarden.protocol.StopCommand;

import java.util.HashSet;
import java.util.Set;

/**
 * Decides which commands one run obeys: only its own, each command id once, and only those issued after the
 * run started (an older STOP was meant for an earlier run of the same id). Used by one consumer thread.
 */
public final class CommandFilter {

    private final String runId;
    private final long runStartMillis;
    private final Set<String> seenIds = new HashSet<>();

    public CommandFilter(String runId, long runStartMillis) {
        this.runId = runId;
        this.runStartMillis = runStartMillis;
    }

    public Decision decide(RunCommand command) {
        if (!runId.equals(command.runId())) {
            return Decision.ignore("for run " + command.runId() + ", not " + runId);
        }
        if (command.issuedAt() < runStartMillis) {
            return Decision.ignore("issued at " + command.issuedAt() + ", before this run started at "
                    + runStartMillis);
        }
        if (!seenIds.add(command.commandId())) {
            return Decision.ignore("duplicate command id " + command.commandId());
        }
        return Decision.obey(toDirective(command));
    }

    static TrainerDirective toDirective(RunCommand command) {
        if (command instanceof StopCommand stop) {
            return new TrainerDirective.Stop(stop.commandId(), stopReason(stop), stop.restoreCheckpointId());
        }
        RollbackCommand rb = (RollbackCommand) command;
        return new TrainerDirective.Rollback(rb.commandId(), rb.checkpointId(), rb.lrFactor(), rb.skipBatches());
    }

    private static String stopReason(StopCommand stop) {
        String why = stop.reason() == null || stop.reason().isBlank() ? stop.rule() : stop.rule() + ": "
                + stop.reason();
        return "stopped by " + (stop.origin() == null ? "command" : stop.origin()) + " (" + why + ")";
    }

    /** Obey with this directive, or ignore for this reason. */
    public record Decision(TrainerDirective directive, String ignoredBecause) {

        static Decision obey(TrainerDirective directive) {
            return new Decision(directive, null);
        }

        static Decision ignore(String because) {
            return new Decision(null, because);
        }

        public boolean obeyed() {
            return directive != null;
        }
    }
}
