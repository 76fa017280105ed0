package io.runwarden.dashboard.state;

/**
 * Something to mark on a run's charts at a step: {@code alert}, {@code rollback}, {@code stop}, {@code command},
 * {@code finished}.
 */
public record Marker(String kind, long step, long ts, String label) {
}
