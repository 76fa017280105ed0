package io.runwarden.engine.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.runwarden.engine.data.ByteTokenizer;
import io.runwarden.engine.data.InstructionExample;
import io.runwarden.engine.data.TokenizedExample;
import io.runwarden.engine.model.GptArchitecture;
import io.runwarden.engine.model.LanguageModel;
import io.runwarden.engine.model.LoraConfig;
import io.runwarden.engine.model.ModelConfig;
import io.runwarden.engine.model.ModelPresets;
import io.runwarden.engine.model.Param;
import io.runwarden.engine.optim.AdamW;
import io.runwarden.engine.optim.ModelTrainer;
import io.runwarden.engine.runtime.TorchRuntime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Measures optimizer-step time of a preset (full fine-tuning and LoRA), on full-context sequences:
 * {@code ./runwarden engine-bench [--preset demo] [--batch 8] [--steps 30] [--device auto]}.
 */
public final class EngineBench {

    private EngineBench() {
    }

    public static void main(String[] args) {
        Args a = new Args(args);
        String preset = a.get("--preset", "demo");
        int batch = Integer.parseInt(a.get("--batch", "8"));
        int steps = Integer.parseInt(a.get("--steps", "30"));
        Device device = TorchRuntime.device(a.get("--device", "auto"));
        ModelConfig config = ModelPresets.preset(preset, ByteTokenizer.VOCAB_SIZE);
        System.out.printf(Locale.ROOT, "preset %s: %s, device %s, %d intra-op thread(s), batch %d x %d tokens%n",
                preset, config, device, TorchRuntime.configuredThreads(), batch, config.contextLength());
        List<TokenizedExample> examples = examples(batch, config.contextLength());
        for (String mode : new String[] {"full", "lora"}) {
            LoraConfig lora = mode.equals("lora") ? new LoraConfig(8, 16, List.of("q", "v")) : null;
            try (NDManager manager = TorchRuntime.engine().newBaseManager(device)) {
                LanguageModel model = new GptArchitecture().create(config, lora, manager, new Random(1));
                long params = model.parameters().stream().mapToLong(p -> p.shape().size()).sum();
                long trainable = model.trainableParameters().stream().mapToLong(p -> p.shape().size()).sum();
                ModelTrainer trainer = new ModelTrainer(model, new AdamW(0.01, manager), manager);
                List<List<TokenizedExample>> micro = List.of(examples);
                for (int i = 0; i < 5; i++) {
                    trainer.step(micro, 1e-4, 1.0);
                }
                java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
                long cpuStart = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    trainer.step(micro, 1e-4, 1.0);
                }
                double ms = (System.nanoTime() - start) / 1e6 / steps;
                // With one intra-op thread PyTorch computes on this thread: its CPU time is the step's cost
                // without the wait for a busy machine's cores.
                double cpuMs = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6 / steps;
                System.out.printf(Locale.ROOT, "%-4s  %,10d params (%,d trainable)  %7.1f ms/step wall (%5.1f steps/s,"
                                + " %,7.0f tokens/s)  %7.1f ms/step CPU of this thread%n", mode, params, trainable, ms,
                        1000 / ms, batch * config.contextLength() * 1000 / ms, cpuMs);
                for (Param p : model.parameters()) {
                    p.array().close();
                }
            }
        }
    }

    private static List<TokenizedExample> examples(int n, int context) {
        Random r = new Random(5);
        ByteTokenizer tok = new ByteTokenizer();
        List<TokenizedExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder s = new StringBuilder();
            for (int j = 0; j < 2 * context; j++) {
                s.append((char) ('a' + r.nextInt(26)));
            }
            out.add(TokenizedExample.of(tok, new InstructionExample(i, s.substring(0, context / 2),
                    s.substring(context / 2)), context));
        }
        return out;
    }
}
