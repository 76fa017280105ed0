package io.runwarden.engine.cli;

import ai.djl.ndarray.NDManager;
import io.runwarden.engine.data.InstructionDataset;
import io.runwarden.engine.data.InstructionExample;
import io.runwarden.engine.model.Generator;
import io.runwarden.engine.model.LanguageModel;
import io.runwarden.engine.model.LanguageModelArchitecture;
import io.runwarden.engine.model.ModelStore;
import io.runwarden.engine.model.Param;
import io.runwarden.engine.runtime.TorchRuntime;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Tries a trained model: {@code ./runwarden generate --model DIR --prompt "reverse: plomb"} prints its greedy
 * completion; {@code --dataset FILE|sample --limit N} prints N examples with the expected answer and the share
 * answered exactly.
 */
public final class GenerateMain {

    private GenerateMain() {
    }

    public static void main(String[] args) {
        Args a = new Args(args);
        Path dir = Path.of(a.get("--model", PretrainMain.DEFAULT_OUT));
        int maxTokens = Integer.parseInt(a.get("--max-tokens", "32"));
        ModelStore.Manifest manifest = ModelStore.readManifest(dir);
        try (NDManager manager = TorchRuntime.engine().newBaseManager(TorchRuntime.device(a.get("--device",
                "auto")))) {
            LanguageModel model = LanguageModelArchitecture.byName(manifest.config().architecture())
                    .create(manifest.config(), null, manager, new Random(0));
            Map<String, float[]> weights = ModelStore.loadMergedWeights(dir);
            for (Param p : model.parameters()) {
                p.load(weights.get(p.name()));
            }
            Generator generator = new Generator(model, manager);
            String prompt = a.get("--prompt", null);
            if (prompt != null) {
                System.out.println(generator.complete(prompt.endsWith("\n") ? prompt : prompt + "\n", maxTokens));
                return;
            }
            String dataset = a.get("--dataset", "sample");
            int limit = Integer.parseInt(a.get("--limit", "20"));
            InstructionDataset.Loaded data = InstructionDataset.load("sample".equals(dataset) ? null : dataset);
            if (!data.errors().isEmpty()) {
                System.err.println("runwarden: " + data.errors());
                System.exit(2);
            }
            List<InstructionExample> examples = data.examples().subList(0, Math.min(limit,
                    data.examples().size()));
            int exact = 0;
            for (InstructionExample e : examples) {
                String got = generator.complete(e.prompt(), maxTokens);
                boolean ok = got.equals(e.completion());
                exact += ok ? 1 : 0;
                System.out.printf(Locale.ROOT, "%s %-28s expected %-12s got %s%n", ok ? "✓" : "✗",
                        e.prompt().strip(), e.completion(), got);
            }
            System.out.printf(Locale.ROOT, "exact match: %d/%d (%.0f%%)%n", exact, examples.size(),
                    100.0 * exact / examples.size());
        }
    }
}
