package io.runwarden.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a Runwarden trainer agent needs to run one fine-tuning job: model, data, fine-tuning mode and the
 * hyperparameters. Every field is optional on the wire; {@link #withDefaults()} fills in the defaults
 * practitioners converge on (LoRA: lr 2e-4; full: lr 2e-5; cosine schedule, warmup ratio 0.03, 3 epochs,
 * weight decay 0.01, max grad norm 1.0). {@link #validate()} names every invalid field.
 *
 * @param model               base checkpoint directory (weights + model config + tokenizer); null trains from
 *                            random weights (pretraining)
 * @param modelPreset         model size preset when no base is given ({@code demo}, {@code small}, {@code gpu})
 * @param layers              decoder blocks (overrides the preset)
 * @param dModel              embedding width (overrides the preset)
 * @param heads               attention heads (overrides the preset)
 * @param contextLength       maximum sequence length in tokens (overrides the preset)
 * @param dataset             instruction data, JSONL with {@code prompt} and {@code completion}
 * @param validationFraction  seeded held-out fraction, never trained on
 * @param maxTrainExamples    cap on training examples (a tiny set makes overfitting visible)
 * @param finetune            {@code lora} or {@code full}
 * @param loraRank            LoRA rank r
 * @param loraAlpha           LoRA alpha (scale = alpha / r)
 * @param loraTargets         projections that get adapters: any of q, k, v, o, mlp_in, mlp_out
 * @param learningRate        peak learning rate
 * @param schedule            {@code constant}, {@code linear}, {@code cosine} or {@code wsd}
 * @param warmupRatio         warmup as a fraction of total optimizer steps
 * @param warmupSteps         warmup in steps (wins over the ratio when set)
 * @param wsdStableFraction   for {@code wsd}: fraction of training held at the peak before the decay
 * @param epochs              passes over the training split
 * @param maxSteps            total optimizer steps (wins over epochs when set)
 * @param batchSize           per-device batch size
 * @param gradAccumulation    micro-batches per optimizer step (effective batch = batchSize × gradAccumulation)
 * @param maxGradNorm         global-norm gradient clipping threshold; 0 disables clipping
 * @param weightDecay         AdamW decoupled weight decay (not applied to biases and norms)
 * @param seed                seed of initialisation, data split and shuffling
 * @param evalEverySteps      validation cadence in optimizer steps
 * @param checkpointEverySteps checkpoint cadence in optimizer steps
 * @param keepLastCheckpoints how many recent checkpoints to keep (the best one is always kept)
 * @param device              {@code auto}, {@code cpu} or {@code gpu}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunSpec(
        String model,
        String modelPreset,
        Integer layers,
        Integer dModel,
        Integer heads,
        Integer contextLength,
        String dataset,
        Double validationFraction,
        Integer maxTrainExamples,
        String finetune,
        Integer loraRank,
        Double loraAlpha,
        List<String> loraTargets,
        Double learningRate,
        String schedule,
        Double warmupRatio,
        Integer warmupSteps,
        Double wsdStableFraction,
        Integer epochs,
        Integer maxSteps,
        Integer batchSize,
        Integer gradAccumulation,
        Double maxGradNorm,
        Double weightDecay,
        Long seed,
        Integer evalEverySteps,
        Integer checkpointEverySteps,
        Integer keepLastCheckpoints,
        String device) {

    public static final String FINETUNE_LORA = "lora";
    public static final String FINETUNE_FULL = "full";
    public static final Set<String> FINETUNE_MODES = Set.of(FINETUNE_LORA, FINETUNE_FULL);
    public static final Set<String> SCHEDULES = Set.of("constant", "linear", "cosine", "wsd");
    public static final Set<String> MODEL_PRESETS = Set.of("demo", "small", "gpu");
    public static final Set<String> LORA_TARGETS = Set.of("q", "k", "v", "o", "mlp_in", "mlp_out");
    public static final Set<String> DEVICES = Set.of("auto", "cpu", "gpu");

    public static final double DEFAULT_LORA_LEARNING_RATE = 2e-4;
    public static final double DEFAULT_FULL_LEARNING_RATE = 2e-5;

    public RunSpec {
        loraTargets = loraTargets == null ? null : List.copyOf(loraTargets);
    }

    /** An empty spec: every field takes its default. */
    public static RunSpec defaults() {
        return new RunSpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)
                .withDefaults();
    }

    @JsonIgnore
    public boolean isLora() {
        return FINETUNE_LORA.equals(finetune == null ? FINETUNE_LORA : finetune);
    }

    /** Effective batch: the number of examples averaged into one optimizer update. */
    @JsonIgnore
    public int effectiveBatch() {
        RunSpec r = withDefaults();
        return r.batchSize * r.gradAccumulation;
    }

    /** This spec with every unset field given its default. Model dimensions stay unset (the preset decides). */
    public RunSpec withDefaults() {
        String mode = finetune == null ? FINETUNE_LORA : finetune;
        boolean lora = FINETUNE_LORA.equals(mode);
        return new RunSpec(
                model,
                or(modelPreset, "demo"),
                layers, dModel, heads, contextLength,
                dataset,
                or(validationFraction, 0.1),
                maxTrainExamples,
                mode,
                or(loraRank, 8),
                or(loraAlpha, 16.0),
                or(loraTargets, List.of("q", "v")),
                or(learningRate, lora ? DEFAULT_LORA_LEARNING_RATE : DEFAULT_FULL_LEARNING_RATE),
                or(schedule, "cosine"),
                or(warmupRatio, 0.03),
                warmupSteps,
                or(wsdStableFraction, 0.8),
                or(epochs, 3),
                maxSteps,
                or(batchSize, 8),
                or(gradAccumulation, 2),
                or(maxGradNorm, 1.0),
                or(weightDecay, 0.01),
                or(seed, 42L),
                evalEverySteps,
                checkpointEverySteps,
                or(keepLastCheckpoints, 3),
                or(device, "auto"));
    }

    /**
     * Checks every value that can be checked without the file system or the model: ranges and names. Returns
     * one error per invalid field; an empty list means valid.
     */
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        oneOf(errors, "modelPreset", modelPreset, MODEL_PRESETS);
        positive(errors, "layers", layers);
        positive(errors, "dModel", dModel);
        positive(errors, "heads", heads);
        positive(errors, "contextLength", contextLength);
        if (dModel != null && heads != null && heads > 0 && dModel % heads != 0) {
            errors.add(new FieldError("heads", "dModel " + dModel + " is not divisible by heads " + heads));
        }
        if (dataset != null && dataset.isBlank()) {
            errors.add(new FieldError("dataset", "must not be blank"));
        }
        if (validationFraction != null && !(validationFraction > 0 && validationFraction < 1)) {
            errors.add(new FieldError("validationFraction", "must be in (0, 1), was " + validationFraction));
        }
        positive(errors, "maxTrainExamples", maxTrainExamples);
        oneOf(errors, "finetune", finetune, FINETUNE_MODES);
        positive(errors, "loraRank", loraRank);
        if (loraAlpha != null && !(loraAlpha > 0 && Double.isFinite(loraAlpha))) {
            errors.add(new FieldError("loraAlpha", "must be a positive number, was " + loraAlpha));
        }
        if (loraTargets != null) {
            if (loraTargets.isEmpty()) {
                errors.add(new FieldError("loraTargets", "must name at least one projection of " + LORA_TARGETS));
            }
            for (String t : loraTargets) {
                if (!LORA_TARGETS.contains(t)) {
                    errors.add(new FieldError("loraTargets", "unknown projection '" + t + "', expected one of "
                            + LORA_TARGETS));
                }
            }
        }
        if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate))) {
            errors.add(new FieldError("learningRate", "must be > 0, was " + learningRate));
        }
        oneOf(errors, "schedule", schedule, SCHEDULES);
        if (warmupRatio != null && !(warmupRatio >= 0 && warmupRatio < 1)) {
            errors.add(new FieldError("warmupRatio", "must be in [0, 1), was " + warmupRatio));
        }
        if (warmupSteps != null && warmupSteps < 0) {
            errors.add(new FieldError("warmupSteps", "must be >= 0, was " + warmupSteps));
        }
        if (warmupSteps != null && maxSteps != null && maxSteps > 0 && warmupSteps >= maxSteps) {
            errors.add(new FieldError("warmupSteps", "warmup of " + warmupSteps
                    + " steps is not shorter than training (maxSteps " + maxSteps + ")"));
        }
        if (wsdStableFraction != null && !(wsdStableFraction >= 0 && wsdStableFraction < 1)) {
            errors.add(new FieldError("wsdStableFraction", "must be in [0, 1), was " + wsdStableFraction));
        }
        positive(errors, "epochs", epochs);
        positive(errors, "maxSteps", maxSteps);
        positive(errors, "batchSize", batchSize);
        positive(errors, "gradAccumulation", gradAccumulation);
        if (maxGradNorm != null && !(maxGradNorm >= 0 && Double.isFinite(maxGradNorm))) {
            errors.add(new FieldError("maxGradNorm", "must be >= 0 (0 disables clipping), was " + maxGradNorm));
        }
        if (weightDecay != null && !(weightDecay >= 0 && weightDecay < 1)) {
            errors.add(new FieldError("weightDecay", "must be in [0, 1), was " + weightDecay));
        }
        positive(errors, "evalEverySteps", evalEverySteps);
        positive(errors, "checkpointEverySteps", checkpointEverySteps);
        positive(errors, "keepLastCheckpoints", keepLastCheckpoints);
        oneOf(errors, "device", device, DEVICES);
        return errors;
    }

    private static void positive(List<FieldError> errors, String field, Integer value) {
        if (value != null && value <= 0) {
            errors.add(new FieldError(field, "must be > 0, was " + value));
        }
    }

    private static void oneOf(List<FieldError> errors, String field, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            errors.add(new FieldError(field, "must be one of " + allowed + ", was '" + value + "'"));
        }
    }

    private static <T> T or(T value, T fallback) {
        return Objects.requireNonNullElse(value, fallback);
    }
}
