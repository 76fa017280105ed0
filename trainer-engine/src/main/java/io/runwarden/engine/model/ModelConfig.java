package io.runwarden.engine.model;

/**
 * The shape of a language model, saved beside its weights as {@code model.json}.
 *
 * @param architecture  which {@link LanguageModelArchitecture} builds it ({@code gpt})
 * @param vocabSize     tokens the embedding and the head know (the tokenizer's size)
 * @param layers        decoder blocks
 * @param dModel        embedding width
 * @param heads         attention heads (dModel must be divisible by it)
 * @param contextLength longest sequence the position embedding covers
 * @param mlpHidden     width of each block's MLP (4 × dModel in GPT-2)
 */
public record ModelConfig(String architecture, int vocabSize, int layers, int dModel, int heads, int contextLength,
                          int mlpHidden) {

    public int headDim() {
        return dModel / heads;
    }
}
