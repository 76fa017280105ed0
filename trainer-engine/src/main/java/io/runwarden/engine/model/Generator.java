package io.runwarden.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.runwarden.engine.data.ByteTokenizer;

import java.util.Arrays;

/**
 * Greedy decoding: feeds {@code BOS prompt} and appends the most likely next token until EOS, a token limit or
 * the context length. No KV cache — the models here are small and completions short.
 */
public final class Generator {

    private final LanguageModel model;
    private final NDManager manager;
    private final ByteTokenizer tokenizer = new ByteTokenizer();

    public Generator(LanguageModel model, NDManager manager) {
        this.model = model;
        this.manager = manager;
    }

    public String complete(String prompt, int maxTokens) {
        int context = model.config().contextLength();
        int[] promptIds = tokenizer.encode(prompt);
        int keep = Math.min(promptIds.length, context - 1);
        long[] seq = new long[context];
        seq[0] = ByteTokenizer.BOS;
        for (int i = 0; i < keep; i++) {
            seq[1 + i] = promptIds[promptIds.length - keep + i];
        }
        int length = 1 + keep;
        int[] out = new int[maxTokens];
        int produced = 0;
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            while (produced < maxTokens && length < context) {
                try (NDManager scope = manager.newSubManager()) {
                    for (Param p : model.parameters()) {
                        p.array().tempAttach(scope);
                    }
                    NDArray tokens = scope.create(Arrays.copyOf(seq, length), new Shape(1, length));
                    NDArray logits = model.logits(tokens);
                    int next = (int) logits.get("0, -1, :").argMax().getLong();
                    if (next == ByteTokenizer.EOS) {
                        break;
                    }
                    out[produced++] = next;
                    seq[length++] = next;
                }
            }
        } finally {
            JniUtils.setGradMode(grad);
        }
        return tokenizer.decode(Arrays.copyOf(out, produced));
    }
}
