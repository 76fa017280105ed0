package io.runwarden.engine;

import io.runwarden.protocol.FinishStatus;

import java.nio.file.Path;

/**
 * How a run ended. {@code restoredCheckpointId} names the checkpoint restored before saving the final model
 * (a STOP that asked for the best weights); {@code finalModelDir} is where the final weights were saved.
 */
public record FinishReport(long step, FinishStatus status, String reason, String restoredCheckpointId,
                           Path finalModelDir) {
}
