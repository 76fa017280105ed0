package io.runwarden.engine;

import io.runwarden.protocol.RunSpec;

/** Prepares jobs. Everything that can be checked is checked here, before any compute. */
@FunctionalInterface
public interface TrainingJobFactory {

    /**
     * @throws InvalidSpecException naming every invalid field (hyperparameters, paths, malformed dataset lines
     *                              with their line number, a LoRA rank larger than the layer)
     */
    TrainingJob prepare(String runId, RunSpec spec, JobOptions options);
}
