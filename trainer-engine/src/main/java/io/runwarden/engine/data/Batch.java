package io.runwarden.engine.data;

import java.util.List;

/**
 * Examples padded to the longest one: {@code inputs} and {@code targets} are {@code [size × time]} token ids
 * (row-major), {@code mask} is 1 where a target counts in the loss (completion tokens), 0 for prompt and pad.
 */
public record Batch(int size, int time, long[] inputs, long[] targets, float[] mask, int lossTokens) {

    public static Batch of(List<TokenizedExample> examples) {
        int size = examples.size();
        int time = examples.stream().mapToInt(TokenizedExample::length).max().orElse(1);
        long[] inputs = new long[size * time];
        long[] targets = new long[size * time];
        float[] mask = new float[size * time];
        java.util.Arrays.fill(inputs, ByteTokenizer.PAD);
        java.util.Arrays.fill(targets, ByteTokenizer.PAD);
        int lossTokens = 0;
        for (int b = 0; b < size; b++) {
            TokenizedExample e = examples.get(b);
            int[] tok = e.tokens();
            for (int t = 0; t < e.length(); t++) {
                inputs[b * time + t] = tok[t];
                targets[b * time + t] = tok[t + 1];
                if (t >= e.lossFrom()) {
                    mask[b * time + t] = 1f;
                    lossTokens++;
                }
            }
        }
        return new Batch(size, time, inputs, targets, mask, lossTokens);
    }

    public int tokens() {
        return size * time;
    }
}
