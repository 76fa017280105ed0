package io.runwarden.engine;

/** A rollback that was carried out. */
public record RollbackReport(long fromStep, long toStep, String checkpointId, double lrFactor, int skippedBatches,
                             String commandId) {
}
