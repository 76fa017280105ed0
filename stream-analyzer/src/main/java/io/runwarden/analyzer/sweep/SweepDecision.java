package io.runwarden.analyzer.sweep;

import io.runwarden.protocol.Alert;
import io.runwarden.protocol.CommandIds;
import io.runwarden.protocol.Severity;
import io.runwarden.protocol.StopCommand;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A sweep rule's verdict on one member at one evaluation: stop it. {@code evidence} carries the numbers behind it
 * (for the median rule: value, bestValue, median, membersCounted, members, step; for ASHA: rung, value, rank,
 * arrivals, promotable, cutoff, eta).
 *
 * @param rule {@link #RULE_MEDIAN} or {@link #RULE_ASHA}
 * @param rung the ASHA rung step, null for the median rule
 */
public record SweepDecision(String sweepId, String runId, String rule, long step, long ts, double value, Long rung,
                            String reason, Map<String, Object> evidence) {

    public static final String RULE_MEDIAN = "sweep-median-stopping";
    public static final String RULE_ASHA = "sweep-asha";

    public SweepDecision {
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }

    /** The deterministic command id: the same decision always maps to the same command. */
    public String commandId() {
        return CommandIds.of(runId, rule, step);
    }

    /** The STOP to publish on {@code runwarden.commands} (key = runId). No checkpoint is restored. */
    public StopCommand toStopCommand(long issuedAt) {
        return new StopCommand(commandId(), runId, rule, reason, step, issuedAt, CommandIds.ANALYZER_ORIGIN,
                evidenceWithSweep(), null, null);
    }

    /** The alert accompanying the STOP, on {@code runwarden.alerts}. */
    public Alert toAlert() {
        return new Alert(runId, rule, Severity.ACTION, step, ts, reason, evidenceWithSweep());
    }

    private Map<String, Object> evidenceWithSweep() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("sweepId", sweepId);
        e.putAll(evidence);
        return e;
    }
}
