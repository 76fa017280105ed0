package io.runwarden.engine;

import io.runwarden.protocol.RunSpec;

import java.util.List;

/** Small specs for tests: a tiny GPT (2 layers, d 48) on the shipped sample set. */
final class Specs {

    private Specs() {
    }

    static Builder tiny() {
        return new Builder();
    }

    static final class Builder {
        String model;
        Integer layers = 2;
        Integer dModel = 48;
        Integer heads = 4;
        Integer contextLength = 48;
        String dataset;
        Double validationFraction = 0.05;
        Integer maxTrainExamples = 256;
        String finetune = "full";
        Integer loraRank;
        Double loraAlpha;
        List<String> loraTargets;
        Double learningRate = 2e-3;
        String schedule = "cosine";
        Double warmupRatio;
        Integer warmupSteps;
        Integer epochs;
        Integer maxSteps = 40;
        Integer batchSize = 8;
        Integer gradAccumulation = 1;
        Double maxGradNorm = 1.0;
        Long seed = 42L;
        Integer evalEverySteps;
        Integer checkpointEverySteps;
        Integer keepLastCheckpoints;

        Builder set(java.util.function.Consumer<Builder> change) {
            change.accept(this);
            return this;
        }

        RunSpec build() {
            return new RunSpec(model, null, layers, dModel, heads, contextLength, dataset, validationFraction,
                    maxTrainExamples, finetune, loraRank, loraAlpha, loraTargets, learningRate, schedule,
                    warmupRatio, warmupSteps, null, epochs, maxSteps, batchSize, gradAccumulation, maxGradNorm,
                    null, seed, evalEverySteps, checkpointEverySteps, keepLastCheckpoints, "cpu");
        }
    }
}
