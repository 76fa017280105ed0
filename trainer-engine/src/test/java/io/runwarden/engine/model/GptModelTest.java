package io.runwarden.engine.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.runwarden.engine.data.ByteTokenizer;
import io.runwarden.engine.runtime.TorchRuntime;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GptModelTest {

    private static final ModelConfig TINY = new ModelConfig("gpt", ByteTokenizer.VOCAB_SIZE, 2, 32, 4, 16, 128);

    @Test
    void attentionIsCausalSoAPositionNeverSeesLaterTokens() {
        try (NDManager m = TorchRuntime.engine().newBaseManager(Device.cpu())) {
            LanguageModel model = new GptArchitecture().create(TINY, null, m, new Random(1));
            JniUtils.setGradMode(false);
            float[] a = model.logits(m.create(new long[] {256, 10, 20, 30, 40}, new Shape(1, 5))).toFloatArray();
            float[] b = model.logits(m.create(new long[] {256, 10, 20, 99, 98}, new Shape(1, 5))).toFloatArray();
            int v = TINY.vocabSize();
            for (int i = 0; i < 3 * v; i++) { // positions 0..2 are identical
                assertEquals(a[i], b[i], 1e-5);
            }
            assertTrue(Math.abs(a[3 * v] - b[3 * v]) > 0 || Math.abs(a[3 * v + 1] - b[3 * v + 1]) > 0);
        }
    }

    @Test
    void loraStartsExactlyAtTheBaseAndMergesIntoPlainWeights() {
        try (NDManager m = TorchRuntime.engine().newBaseManager(Device.cpu())) {
            LoraConfig lora = new LoraConfig(4, 8, List.of("q", "mlp_out"));
            LanguageModel plain = new GptArchitecture().create(TINY, null, m, new Random(1));
            LanguageModel adapted = new GptArchitecture().create(TINY, lora, m, new Random(1));
            JniUtils.setGradMode(false);
            NDArray tokens = m.create(new long[] {256, 1, 2, 3}, new Shape(1, 4));
            assertArrayEquals(plain.logits(tokens).toFloatArray(), adapted.logits(tokens).toFloatArray(), 1e-6f);
            // give B a value, so the adapter changes the outputs; the merged plain model must match them
            Param b = adapted.parameters().stream().filter(p -> p.name().equals("h0.q.lora_b")).findFirst()
                    .orElseThrow();
            float[] values = new float[(int) b.shape().size()];
            java.util.Arrays.fill(values, 0.05f);
            b.load(values);
            float[] expected = adapted.logits(tokens).toFloatArray();
            Map<String, float[]> merged = adapted.mergedWeights();
            for (Param p : plain.parameters()) {
                p.load(merged.get(p.name()));
            }
            assertArrayEquals(expected, plain.logits(tokens).toFloatArray(), 1e-4f);
            assertEquals(TINY.layers() * 2 * 2, adapted.trainableParameters().size());
        }
    }

    @Test
    void generationStopsAtTheTokenLimit() {
        try (NDManager m = TorchRuntime.engine().newBaseManager(Device.cpu())) {
            LanguageModel model = new GptArchitecture().create(TINY, null, m, new Random(1));
            String out = new Generator(model, m).complete("reverse: abc\n", 3);
            assertTrue(out.length() <= 3, out); // one char per byte at most (invalid UTF-8 becomes U+FFFD)
        }
    }
}
