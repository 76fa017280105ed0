package io.runwarden.analyzer.detect;

import io.runwarden.protocol.CommandType;

import java.util.Map;

/**
 * What a detector wants done. The analyzer turns it into a command, or into a STOP when a rollback is not
 * possible (budget spent, no checkpoint old enough).
 *
 * @param checkpointMaxStep ROLLBACK: newest checkpoint at or before this step
 * @param skipBatches       ROLLBACK: batches to skip after restoring; null = every batch up to the firing step
 */
public record Proposal(String rule, CommandType type, String reason, Map<String, Object> evidence,
                       long checkpointMaxStep, double lrFactor, Integer skipBatches) {

    public static Proposal stop(String rule, String reason, Map<String, Object> evidence) {
        return new Proposal(rule, CommandType.STOP, reason, evidence, -1, 1.0, null);
    }

    public static Proposal rollback(String rule, String reason, Map<String, Object> evidence, long checkpointMaxStep,
                                    double lrFactor, Integer skipBatches) {
        return new Proposal(rule, CommandType.ROLLBACK, reason, evidence, checkpointMaxStep, lrFactor, skipBatches);
    }
}
