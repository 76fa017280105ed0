package io.runwarden.engine.model;

import io.runwarden.protocol.RunSpec;

/** The named model sizes, and a spec's dimension overrides on top of them. */
public final class ModelPresets {

    private ModelPresets() {
    }

    /**
     * {@code demo}: 4 layers, d 96, 4 heads, context 64 (≈ 0.5 M parameters; several steps/s on one CPU core).
     * {@code small}: 6 layers, d 192, 6 heads, context 128 (≈ 2.8 M). {@code gpu}: 8 layers, d 512, 8 heads,
     * context 256 (≈ 25.6 M; meant for a GPU).
     */
    public static ModelConfig preset(String name, int vocabSize) {
        return switch (name == null ? "demo" : name) {
            case "small" -> gpt(vocabSize, 6, 192, 6, 128);
            case "gpu" -> gpt(vocabSize, 8, 512, 8, 256);
            case "demo" -> gpt(vocabSize, 4, 96, 4, 64);
            default -> throw new IllegalArgumentException("unknown model preset " + name);
        };
    }

    /** The preset of the spec with its {@code layers}, {@code dModel}, {@code heads}, {@code contextLength}. */
    public static ModelConfig fromSpec(RunSpec spec, int vocabSize) {
        ModelConfig p = preset(spec.modelPreset(), vocabSize);
        int d = spec.dModel() != null ? spec.dModel() : p.dModel();
        return new ModelConfig(p.architecture(), vocabSize,
                spec.layers() != null ? spec.layers() : p.layers(),
                d,
                spec.heads() != null ? spec.heads() : p.heads(),
                spec.contextLength() != null ? spec.contextLength() : p.contextLength(),
                4 * d);
    }

    private static ModelConfig gpt(int vocab, int layers, int d, int heads, int context) {
        return new ModelConfig(GptArchitecture.NAME, vocab, layers, d, heads, context, 4 * d);
    }
}
