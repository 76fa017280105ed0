package io.runwarden.engine.data;

/**
 * {@code BOS prompt completion EOS} as token ids. The model reads {@code tokens[0..n-2]} and predicts
 * {@code tokens[1..n-1]}; only predictions of completion tokens (and EOS) count in the loss, so
 * {@code lossFrom} is the first target position that counts.
 */
public record TokenizedExample(int[] tokens, int lossFrom) {

    public static TokenizedExample of(ByteTokenizer tokenizer, InstructionExample example, int contextLength) {
        int[] prompt = tokenizer.encode(example.prompt());
        int[] completion = tokenizer.encode(example.completion());
        int budget = contextLength + 1; // inputs and targets overlap by all but one token
        int keepCompletion = Math.min(completion.length + 1, budget - 1);
        int keepPrompt = Math.min(prompt.length, budget - 1 - keepCompletion);
        // When too long, drop the start of the prompt (the end is nearest to the answer), then the completion's end.
        int[] tokens = new int[1 + keepPrompt + keepCompletion];
        tokens[0] = ByteTokenizer.BOS;
        System.arraycopy(prompt, prompt.length - keepPrompt, tokens, 1, keepPrompt);
        int c = Math.min(completion.length, keepCompletion);
        System.arraycopy(completion, 0, tokens, 1 + keepPrompt, c);
        if (keepCompletion > c) {
            tokens[tokens.length - 1] = ByteTokenizer.EOS;
        }
        // target position t predicts tokens[t + 1]; the first completion token is tokens[1 + keepPrompt]
        return new TokenizedExample(tokens, keepPrompt);
    }

    /** Number of input (and target) positions. */
    public int length() {
        return tokens.length - 1;
    }

    /** Target positions that count in the loss. */
    public int lossTokens() {
        return length() - lossFrom;
    }
}
