package io.runwarden.engine;

import io.runwarden.engine.data.TokenizedExample;
import io.runwarden.engine.model.LoraConfig;
import io.runwarden.engine.model.ModelConfig;
import io.runwarden.engine.optim.LrSchedule;
import io.runwarden.protocol.RunSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * A validated run: the resolved spec, the model shape, the tokenized splits and the step arithmetic.
 *
 * @param baseDir       base model directory, or null to start from seeded random weights
 * @param lora          adapter settings, or null for full fine-tuning
 * @param stepsPerEpoch ceil(train examples / effective batch)
 */
public record PreparedRun(String runId, RunSpec spec, JobOptions options, ModelConfig config, Path baseDir, LoraConfig lora,
                   List<TokenizedExample> train, List<TokenizedExample> validation, long stepsPerEpoch,
                   long totalSteps, LrSchedule schedule, int evalEvery, int checkpointEvery) {

    public int effectiveBatch() {
        return spec.batchSize() * spec.gradAccumulation();
    }
}
