package io.runwarden.analyzer.state;

/** A checkpoint the run announced: where a rollback can return to. */
public record CheckpointRef(long step, String checkpointId) {
}
