package io.runwarden.dashboard.state;

/**
 * What a message changed in one run, for the live stream of that run: {@code train} and {@code eval} points,
 * {@code alert}, {@code command}, {@code marker}, {@code health} and {@code status} changes. {@code data} is the
 * JSON body of the event.
 */
public record RunChange(String type, String runId, long step, long ts, Object data) {
}
