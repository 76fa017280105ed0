package io.runwarden.engine.model;

import ai.djl.ndarray.NDArray;

import java.util.List;

/** A causal language model over token ids, whatever its architecture. */
public interface LanguageModel {

    ModelConfig config();

    /** Every tensor, in a stable order: base weights first, then adapters (if any). */
    List<Param> parameters();

    /** The parameters the optimizer updates. */
    default List<Param> trainableParameters() {
        return parameters().stream().filter(Param::trainable).toList();
    }

    /** Logits {@code [batch, time, vocab]} for token ids {@code [batch, time]} (int64). */
    NDArray logits(NDArray tokens);

    /**
     * The base weights with the adapters (if any) folded in: a plain model of the same architecture with the
     * same outputs, in parameter order.
     */
    java.util.Map<String, float[]> mergedWeights();
}
