package io.runwarden.engine.model;

import ai.djl.ndarray.NDManager;

import java.util.Random;

/** Builds models of one architecture. GPT is the first; others plug in here. */
public interface LanguageModelArchitecture {

    String name();

    /**
     * A model with freshly initialised weights (from {@code random}, so a seed gives the same model on any
     * device), with LoRA adapters when {@code lora} is not null (then only adapters are trainable).
     */
    LanguageModel create(ModelConfig config, LoraConfig lora, NDManager manager, Random random);

    /** The largest LoRA rank that fits the targeted projections (min of their in and out widths). */
    int maxLoraRank(ModelConfig config, LoraConfig lora);

    static LanguageModelArchitecture byName(String name) {
        if (GptArchitecture.NAME.equals(name)) {
            return new GptArchitecture();
        }
        throw new IllegalArgumentException("unknown architecture '" + name + "'");
    }
}
