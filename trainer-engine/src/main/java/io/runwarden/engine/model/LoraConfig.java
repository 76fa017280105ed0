package io.runwarden.engine.model;

import java.util.List;

/**
 * Low-rank adapters: each targeted projection W (in × out) gets A (in × r) and B (r × out), and computes
 * {@code x·W + (alpha / r)·x·A·B}. B starts at zero, so training starts exactly at the base model.
 *
 * @param targets any of q, k, v, o, mlp_in, mlp_out
 */
public record LoraConfig(int rank, double alpha, List<String> targets) {

    public LoraConfig {
        targets = List.copyOf(targets);
    }

    public double scale() {
        return alpha / rank;
    }
}
