package io.runwarden.engine;

import io.runwarden.engine.data.ByteTokenizer;
import io.runwarden.engine.data.DataCursor;
import io.runwarden.engine.data.DatasetSplit;
import io.runwarden.engine.data.InstructionDataset;
import io.runwarden.engine.data.InstructionExample;
import io.runwarden.engine.data.TokenizedExample;
import io.runwarden.engine.model.LanguageModelArchitecture;
import io.runwarden.engine.model.LoraConfig;
import io.runwarden.engine.model.ModelConfig;
import io.runwarden.engine.model.ModelPresets;
import io.runwarden.engine.model.ModelStore;
import io.runwarden.engine.optim.LrSchedule;
import io.runwarden.engine.runtime.TorchRuntime;
import io.runwarden.protocol.FieldError;
import io.runwarden.protocol.RunSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prepares DJL/PyTorch training jobs. Everything is checked before any tensor exists: the spec's own
 * {@link RunSpec#validate()}, then the base model directory, the model shape, the LoRA rank against the layer
 * widths, the dataset file line by line, the split and the step arithmetic (warmup shorter than training).
 */
public final class DjlTrainingJobFactory implements TrainingJobFactory {

    @Override
    public TrainingJob prepare(String runId, RunSpec raw, JobOptions options) {
        PreparedRun run = validate(runId, raw, options);
        return new DjlTrainingJob(run);
    }

    /** Checks and resolves a spec without touching the PyTorch engine (except to find a GPU for device gpu). */
    public PreparedRun validate(String runId, RunSpec raw, JobOptions options) {
        List<FieldError> errors = new ArrayList<>(raw == null ? List.of(new FieldError("spec", "missing"))
                : raw.validate());
        if (runId == null || runId.isBlank()) {
            errors.add(new FieldError("runId", "must not be blank"));
        }
        if (options == null || options.workDir() == null) {
            errors.add(new FieldError("workDir", "must be set"));
        }
        if (raw == null) {
            throw new InvalidSpecException(errors);
        }
        boolean fieldsValid = errors.isEmpty();
        RunSpec spec = raw.withDefaults();

        ModelConfig config = null;
        Path baseDir = null;
        if (spec.model() != null) {
            baseDir = Path.of(spec.model()).toAbsolutePath().normalize();
            if (!Files.isRegularFile(baseDir.resolve(ModelStore.MODEL_JSON))) {
                errors.add(new FieldError("model", "no base model at " + spec.model() + " (expected "
                        + ModelStore.MODEL_JSON + "; create one with ./runwarden pretrain)"));
            } else {
                try {
                    ModelStore.Manifest manifest = ModelStore.readManifest(baseDir);
                    LanguageModelArchitecture.byName(manifest.config().architecture()); // known architecture?
                    config = manifest.config();
                    if (manifest.tokenizer() == null || manifest.tokenizer().vocabSize() != ByteTokenizer.VOCAB_SIZE) {
                        errors.add(new FieldError("model", "base model uses an unknown tokenizer"));
                    }
                    conflict(errors, "layers", raw.layers(), config.layers());
                    conflict(errors, "dModel", raw.dModel(), config.dModel());
                    conflict(errors, "heads", raw.heads(), config.heads());
                    conflict(errors, "contextLength", raw.contextLength(), config.contextLength());
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("model", e.getMessage()));
                }
            }
        } else if (errors.stream().noneMatch(e -> List.of("layers", "dModel", "heads", "contextLength",
                "modelPreset").contains(e.field()))) {
            config = ModelPresets.fromSpec(spec, ByteTokenizer.VOCAB_SIZE);
            if (config.dModel() % config.heads() != 0) {
                errors.add(new FieldError("heads", "dModel " + config.dModel() + " is not divisible by heads "
                        + config.heads()));
                config = null;
            }
        }

        LoraConfig lora = null;
        if (spec.isLora()) {
            lora = new LoraConfig(spec.loraRank(), spec.loraAlpha(), spec.loraTargets());
            if (config != null && errors.stream().noneMatch(e -> e.field().startsWith("lora"))) {
                int max = LanguageModelArchitecture.byName(config.architecture()).maxLoraRank(config, lora);
                if (spec.loraRank() > max) {
                    errors.add(new FieldError("loraRank", "rank " + spec.loraRank()
                            + " is larger than the targeted layers allow (at most " + max + " for dModel "
                            + config.dModel() + ")"));
                }
            }
        }

        InstructionDataset.Loaded data = InstructionDataset.load(spec.dataset());
        errors.addAll(data.errors());

        List<TokenizedExample> train = List.of();
        List<TokenizedExample> validation = List.of();
        long stepsPerEpoch = 0;
        long total = 0;
        LrSchedule schedule = null;
        int evalEvery = 0;
        int checkpointEvery = 0;
        if (data.errors().isEmpty() && config != null && fieldsValid) {
            if (data.examples().size() < 2) {
                errors.add(new FieldError("dataset", "needs at least 2 examples (train and validation)"));
            } else {
                DatasetSplit split = DatasetSplit.of(data.examples().size(), spec.validationFraction(), spec.seed(),
                        spec.maxTrainExamples());
                ByteTokenizer tokenizer = new ByteTokenizer();
                train = tokenize(tokenizer, data.examples(), split.train(), config.contextLength());
                validation = tokenize(tokenizer, data.examples(), split.validation(), config.contextLength());
                stepsPerEpoch = DataCursor.stepsPerEpoch(train.size(), spec.batchSize() * spec.gradAccumulation());
                total = spec.maxSteps() != null ? spec.maxSteps() : spec.epochs() * stepsPerEpoch;
                long warmup = LrSchedule.warmupSteps(spec.warmupSteps(), spec.warmupRatio(), total);
                if (warmup >= total) {
                    errors.add(new FieldError(spec.warmupSteps() != null ? "warmupSteps" : "warmupRatio",
                            "warmup of " + warmup + " steps is not shorter than training (" + total + " steps)"));
                } else if (errors.isEmpty()) {
                    schedule = new LrSchedule(spec.schedule(), total, warmup, spec.wsdStableFraction());
                }
                evalEvery = spec.evalEverySteps() != null ? spec.evalEverySteps()
                        : (int) Math.max(1, Math.ceil(total / 10.0));
                checkpointEvery = spec.checkpointEverySteps() != null ? spec.checkpointEverySteps() : evalEvery;
            }
        }

        if ("gpu".equals(spec.device()) && errors.isEmpty() && !TorchRuntime.hasGpu()) {
            errors.add(new FieldError("device", "gpu requested but PyTorch sees no GPU"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidSpecException(errors);
        }
        RunSpec resolved = new RunSpec(spec.model(), spec.modelPreset(), config.layers(), config.dModel(),
                config.heads(), config.contextLength(), spec.dataset(), spec.validationFraction(),
                spec.maxTrainExamples(), spec.finetune(), spec.loraRank(), spec.loraAlpha(), spec.loraTargets(),
                spec.learningRate(), spec.schedule(), spec.warmupRatio(), spec.warmupSteps(),
                spec.wsdStableFraction(), spec.epochs(), spec.maxSteps(), spec.batchSize(), spec.gradAccumulation(),
                spec.maxGradNorm(), spec.weightDecay(), spec.seed(), evalEvery, checkpointEvery,
                spec.keepLastCheckpoints(), spec.device());
        return new PreparedRun(runId, resolved, options, config, baseDir, lora, train, validation, stepsPerEpoch,
                total, schedule, evalEvery, checkpointEvery);
    }

    private static List<TokenizedExample> tokenize(ByteTokenizer tokenizer, List<InstructionExample> all,
                                                   List<Integer> indices, int contextLength) {
        List<TokenizedExample> out = new ArrayList<>(indices.size());
        for (int i : indices) {
            out.add(TokenizedExample.of(tokenizer, all.get(i), contextLength));
        }
        return List.copyOf(out);
    }

    private static void conflict(List<FieldError> errors, String field, Integer requested, int base) {
        if (requested != null && requested != base) {
            errors.add(new FieldError(field, "the base model has " + field + " " + base + ", the spec asks for "
                    + requested + " (leave it unset when fine-tuning a base)"));
        }
    }
}
