package io.runwarden.engine.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.runwarden.engine.data.ByteTokenizer;
import io.runwarden.engine.data.InstructionExample;
import io.runwarden.engine.data.TokenizedExample;
import io.runwarden.engine.model.GptArchitecture;
import io.runwarden.engine.model.LanguageModel;
import io.runwarden.engine.model.ModelConfig;
import io.runwarden.engine.model.Param;
import io.runwarden.engine.runtime.TorchRuntime;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientAccumulationTest {

    static final ModelConfig TINY = new ModelConfig("gpt", ByteTokenizer.VOCAB_SIZE, 2, 32, 4, 32, 128);

    static List<TokenizedExample> examples(int n) {
        ByteTokenizer tok = new ByteTokenizer();
        Random r = new Random(7);
        List<TokenizedExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String word = Long.toString(Math.abs(r.nextLong()), 36).substring(0, 3 + r.nextInt(5));
            out.add(TokenizedExample.of(tok, new InstructionExample(i + 1, "reverse: " + word + "\n",
                    new StringBuilder(word).reverse().toString()), TINY.contextLength()));
        }
        return out;
    }

    static Map<String, float[]> updatedWeights(int batch, int accumulation) {
        try (NDManager manager = TorchRuntime.engine().newBaseManager(Device.cpu())) {
            LanguageModel model = new GptArchitecture().create(TINY, null, manager, new Random(3));
            ModelTrainer trainer = new ModelTrainer(model, new AdamW(0.01, manager), manager);
            List<TokenizedExample> all = examples(batch * accumulation);
            List<List<TokenizedExample>> micro = new ArrayList<>();
            for (int i = 0; i < accumulation; i++) {
                micro.add(all.subList(i * batch, (i + 1) * batch));
            }
            // SGD-like comparison through the gradients, plus one real AdamW step.
            Map<String, float[]> grads = trainer.gradients(micro);
            ModelTrainer.StepResult step = trainer.step(micro, 1e-3, 0.0);
            assertTrue(step.applied());
            Map<String, float[]> out = new java.util.LinkedHashMap<>();
            grads.forEach((k, v) -> out.put("grad." + k, v));
            for (Param p : model.parameters()) {
                out.put(p.name(), p.values());
            }
            out.put("loss", new float[] {(float) step.loss()});
            return out;
        }
    }

    @Test
    void accumulatedMicroBatchesGiveTheSameUpdateAsOneLargeBatch() {
        Map<String, float[]> large = updatedWeights(8, 1);
        Map<String, float[]> accumulated = updatedWeights(2, 4);
        assertEquals(large.get("loss")[0], accumulated.get("loss")[0], 1e-5);
        for (String name : large.keySet()) {
            float[] a = large.get(name);
            float[] b = accumulated.get(name);
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-5 + 1e-4 * Math.abs(a[i]), name + "[" + i + "]");
            }
        }
    }
}
