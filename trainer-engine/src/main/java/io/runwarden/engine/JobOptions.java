package io.runwarden.engine;

import java.nio.file.Path;

/**
 * Where a job keeps its files and how it starts.
 *
 * @param workDir directory of this run: checkpoints under {@code checkpoints/}, the final model under
 *                {@code final/}; shared between agents so another agent can resume the run
 * @param resume  continue from the newest checkpoint in {@code workDir} when there is one
 */
public record JobOptions(Path workDir, boolean resume) {
}
