package io.runwarden.dashboard.state;

import java.util.List;
import java.util.Map;

/**
 * One row of the run table: status, health, progress, the latest and best losses, throughput and the
 * hyperparameters that matter. Numbers are null when not yet known; NaN and infinities are written as the
 * strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} (as in the protocol).
 */
public record RunSummary(String runId, RunStatus status, String health, List<String> healthReasons, long step,
                         Long totalSteps, Double progress, Double epoch, Double loss, Double lr, Double gradNorm,
                         Double lastValLoss, Double bestValLoss, Long bestValStep, Double samplesPerSec,
                         Double tokensPerSec, Double etaSeconds, String sweepId, String agentId,
                         Map<String, Object> hyperparameters, int alertCount, Long startedAt, long updatedAt,
                         Long finishedAt) {
}
