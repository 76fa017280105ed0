package io.runwarden.engine;

import io.runwarden.protocol.FieldError;
import io.runwarden.protocol.RunSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input fails in prepare, naming the field, before any tensor exists or anything is written. */
class InvalidSpecTest {

    @TempDir
    Path dir;

    private List<FieldError> errorsOf(Consumer<Specs.Builder> change) {
        RunSpec spec = Specs.tiny().set(change).build();
        Path work = dir.resolve("work");
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> new DjlTrainingJobFactory().validate("bad", spec, new JobOptions(work, false)));
        assertFalse(Files.exists(work), "nothing may be written for an invalid spec");
        return e.errors();
    }

    private void assertNames(String field, Consumer<Specs.Builder> change, String... words) {
        List<FieldError> errors = errorsOf(change);
        assertTrue(errors.stream().anyMatch(e -> e.field().equals(field)
                        && List.of(words).stream().allMatch(w -> e.message().contains(w))),
                "expected an error on " + field + " mentioning " + List.of(words) + ", got " + errors);
    }

    @Test
    void learningRateMustBePositive() {
        assertNames("learningRate", b -> b.learningRate = 0.0);
        assertNames("learningRate", b -> b.learningRate = -1e-4);
    }

    @Test
    void warmupMustBeShorterThanTraining() {
        assertNames("warmupSteps", b -> b.warmupSteps = 40, "warmup");
        assertNames("warmupSteps", b -> {
            b.maxSteps = null;
            b.epochs = 1;
            b.warmupSteps = 500;
        }, "not shorter");
        assertNames("warmupRatio", b -> {
            b.maxSteps = 1;
            b.warmupRatio = 0.5;
        }, "not shorter");
    }

    @Test
    void batchSizeMustBePositive() {
        assertNames("batchSize", b -> b.batchSize = 0);
        assertNames("gradAccumulation", b -> b.gradAccumulation = 0);
    }

    @Test
    void theDatasetMustExist() {
        assertNames("dataset", b -> b.dataset = dir.resolve("nope.jsonl").toString(), "not found");
    }

    @Test
    void aMalformedDatasetLineIsNamedWithItsNumber() throws Exception {
        Path file = dir.resolve("data.jsonl");
        Files.writeString(file, "{\"prompt\":\"a\",\"completion\":\"b\"}\n{\"prompt\":\"a\",\"completion\":\"b\"}\n"
                + "{\"prompt\": 3}\n");
        assertNames("dataset", b -> b.dataset = file.toString(), "line 3");
    }

    @Test
    void aLoraRankLargerThanTheLayerIsRejected() {
        assertNames("loraRank", b -> {
            b.finetune = "lora";
            b.loraRank = 64; // dModel is 48
        }, "48");
    }

    @Test
    void aMissingBaseModelIsRejected() {
        assertNames("model", b -> b.model = dir.resolve("no-base").toString(), "no base model");
    }

    @Test
    void modelDimensionsMustFit() {
        assertNames("heads", b -> b.heads = 5, "divisible");
        assertNames("layers", b -> b.layers = 0);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<FieldError> errors = errorsOf(b -> {
            b.learningRate = 0.0;
            b.batchSize = 0;
            b.schedule = "exponential";
        });
        assertTrue(errors.stream().map(FieldError::field).toList().containsAll(
                List.of("learningRate", "batchSize", "schedule")), errors.toString());
    }
}
