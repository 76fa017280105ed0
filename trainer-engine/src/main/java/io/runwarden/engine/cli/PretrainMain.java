package io.runwarden.engine.cli;

import io.runwarden.engine.DjlTrainingJobFactory;
import io.runwarden.engine.FinishReport;
import io.runwarden.engine.JobOptions;
import io.runwarden.engine.TrainingJob;
import io.runwarden.engine.data.SampleDataGenerator;
import io.runwarden.engine.model.ModelStore;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.RunSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Pretrains a small base model from random weights on a generated corpus (plain sentences about the sample
 * tasks' world; the loss covers every token) and saves it as a model directory that fine-tuning runs name in
 * {@code model}: {@code ./runwarden pretrain [--out DIR] [--steps N] [--preset demo|small|gpu] [--lr LR]
 * [--seed S]}.
 */
public final class PretrainMain {

    public static final String DEFAULT_OUT = ".runwarden/base/demo";
    public static final int DEFAULT_STEPS = 600;

    private PretrainMain() {
    }

    public static void main(String[] args) throws IOException {
        Path out = pretrain(args);
        if (out == null) {
            System.exit(1);
        }
    }

    /** Pretrains as the command does; returns the base model directory, or null when training failed. */
    public static Path pretrain(String[] args) throws IOException {
        Args a = new Args(args);
        Path out = Path.of(a.get("--out", DEFAULT_OUT)).toAbsolutePath().normalize();
        int steps = Integer.parseInt(a.get("--steps", String.valueOf(DEFAULT_STEPS)));
        String preset = a.get("--preset", "demo");
        double lr = Double.parseDouble(a.get("--lr", "3e-3"));
        long seed = Long.parseLong(a.get("--seed", "1"));
        int every = Integer.parseInt(a.get("--every", "50"));

        Path work = out.resolveSibling(out.getFileName() + ".work");
        Path corpus = work.resolve("corpus.jsonl");
        SampleDataGenerator.writeCorpus(corpus, 20_000, seed);
        RunSpec spec = new RunSpec(null, preset, null, null, null, null, corpus.toString(), 0.01, null, "full",
                null, null, null, lr, "cosine", 0.05, null, null, null, steps, 16, 1, 1.0, 0.01, seed,
                Math.max(1, steps / 6), steps, 1, "auto");
        FinishReport report;
        try (TrainingJob job = new DjlTrainingJobFactory().prepare("pretrain-" + preset, spec,
                new JobOptions(work, false))) {
            report = job.run(new ProgressPrinter(System.out, every), null);
        }
        if (report.status() != FinishStatus.COMPLETED) {
            System.err.println("runwarden: pretraining " + report.status().wireName() + ": " + report.reason());
            return null;
        }
        Files.createDirectories(out);
        for (String f : new String[] {ModelStore.MODEL_JSON, ModelStore.WEIGHTS}) {
            Files.copy(report.finalModelDir().resolve(f), out.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.println("base model saved to " + out + " — fine-tune it with \"model\": \"" + out + "\"");
        return out;
    }
}
