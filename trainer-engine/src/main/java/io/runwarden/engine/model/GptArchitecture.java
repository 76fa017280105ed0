package io.runwarden.engine.model;

import ai.djl.ndarray.NDManager;

import java.util.Random;

/** GPT-2-style decoder-only transformer: pre-norm blocks, causal multi-head attention, GELU MLP. */
public final class GptArchitecture implements LanguageModelArchitecture {

    public static final String NAME = "gpt";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LanguageModel create(ModelConfig config, LoraConfig lora, NDManager manager, Random random) {
        return new GptModel(config, lora, manager, random);
    }

    @Override
    public int maxLoraRank(ModelConfig config, LoraConfig lora) {
        int max = Integer.MAX_VALUE;
        for (String t : lora.targets()) {
            int[] io = GptModel.projectionShape(config, t);
            max = Math.min(max, Math.min(io[0], io[1]));
        }
        return max;
    }
}
