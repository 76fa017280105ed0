package io.runwarden.dashboard.state;

import java.util.Map;

/**
 * A STOP or ROLLBACK issued for a run and what became of it: {@code issued} until the agent reports it obeyed
 * (a {@code rollback-done} naming the command, or the run finishing as stopped), {@code obeyed} then, and
 * {@code unanswered} when the run ended some other way first. {@code evidence} holds the values behind an
 * analyzer's decision (a sweep prune's rung, median, cutoff, ...).
 */
public record CommandView(String commandId, String type, String rule, String origin, String reason, long atStep,
                          long issuedAt, String checkpointId, Double lrFactor, Integer skipBatches,
                          String outcome, Long outcomeAt, Long outcomeStep, Map<String, Object> evidence) {

    public static final String ISSUED = "issued";
    public static final String OBEYED = "obeyed";
    public static final String UNANSWERED = "unanswered";

    CommandView withOutcome(String newOutcome, long at, long step) {
        return new CommandView(commandId, type, rule, origin, reason, atStep, issuedAt, checkpointId, lrFactor,
                skipBatches, newOutcome, at, step, evidence);
    }
}
