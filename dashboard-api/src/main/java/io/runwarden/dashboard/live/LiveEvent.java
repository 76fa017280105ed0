package io.runwarden.dashboard.live;

/**
 * One Server-Sent Event (its JSON body). Per-run streams: {@code snapshot} first, then {@code train}, {@code eval},
 * {@code alert}, {@code command}, {@code marker}, {@code health}, {@code status}, {@code started}. The all-runs
 * stream: {@code snapshot} (every summary), then {@code runs} (summaries changed since the last one, and the
 * ids of evicted runs).
 */
public record LiveEvent(String type, String runId, Long step, Long ts, Object data) {
}
