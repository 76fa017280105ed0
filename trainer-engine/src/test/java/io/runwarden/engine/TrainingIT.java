package io.runwarden.engine;

import io.runwarden.engine.checkpoint.TensorFile;
import io.runwarden.engine.model.ModelStore;
import io.runwarden.engine.model.Param;
import io.runwarden.protocol.FinishStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real short training runs of a tiny GPT on the shipped sample set. */
class TrainingIT {

    private final DjlTrainingJobFactory factory = new DjlTrainingJobFactory();

    @Test
    void validationLossFallsWithAGoodLearningRate(@TempDir Path work) {
        RecordingListener listener = new RecordingListener();
        try (TrainingJob job = factory.prepare("learn", Specs.tiny().set(b -> {
            b.maxSteps = 80;
            b.evalEverySteps = 10;
        }).build(), new JobOptions(work, false))) {
            FinishReport report = job.run(listener, null);
            assertEquals(FinishStatus.COMPLETED, report.status());
            assertEquals(80, listener.steps.size());
            assertEquals(8, listener.evals.size());
            double first = listener.evals.get(0).valLoss();
            double last = listener.evals.get(listener.evals.size() - 1).valLoss();
            assertTrue(last < first - 0.5, "validation loss should fall: " + first + " -> " + last);
            assertTrue(Files.isRegularFile(report.finalModelDir().resolve(ModelStore.WEIGHTS)));
        }
    }

    @Test
    void aTooHighLearningRateDiverges(@TempDir Path work) {
        RecordingListener listener = new RecordingListener();
        try (TrainingJob job = factory.prepare("hot", Specs.tiny().set(b -> {
            b.maxSteps = 30;
            b.learningRate = 5.0;
            b.schedule = "constant";
            b.warmupSteps = 0;
            b.maxGradNorm = 0.0;
        }).build(), new JobOptions(work, false))) {
            FinishReport report = job.run(listener, null);
            assertTrue(report.status() != FinishStatus.FAILED || report.reason().contains("non-finite"),
                    String.valueOf(report.reason()));
            double initial = listener.steps.get(0).loss();
            boolean blewUp = listener.steps.stream().skip(5)
                    .anyMatch(s -> !Double.isFinite(s.loss()) || s.loss() > initial * 1.5);
            assertTrue(blewUp, "loss should diverge; losses: "
                    + listener.steps.stream().map(StepReport::loss).toList());
        }
    }

    @Test
    void aLossThatStaysNonFiniteIsReportedThenFailsTheRun(@TempDir Path work) {
        System.setProperty(DjlTrainingJob.NON_FINITE_STEPS, "6");
        System.setProperty(DjlTrainingJob.NON_FINITE_SECONDS, "0");
        RecordingListener listener = new RecordingListener();
        try (TrainingJob job = factory.prepare("nan", Specs.tiny().set(b -> {
            b.maxSteps = 30;
            b.learningRate = 1e6;
            b.schedule = "constant";
            b.warmupSteps = 0;
            b.maxGradNorm = 0.0;
        }).build(), new JobOptions(work, false))) {
            FinishReport report = job.run(listener, null);
            assertEquals(FinishStatus.FAILED, report.status());
            assertTrue(report.reason().contains("non-finite"), report.reason());
            assertTrue(listener.steps.stream().anyMatch(s -> Double.isNaN(s.loss())));
            long nonFinite = listener.steps.stream().filter(s -> !Double.isFinite(s.loss())).count();
            assertTrue(nonFinite >= 6, "reported every non-finite step before failing: " + nonFinite);
            assertTrue(report.step() < 30);
            assertEquals(1, listener.finishes.size());
        } finally {
            System.clearProperty(DjlTrainingJob.NON_FINITE_STEPS);
            System.clearProperty(DjlTrainingJob.NON_FINITE_SECONDS);
        }
    }

    @Test
    void loraTrainsOnlyTheAdaptersAndLeavesTheBaseBitIdentical(@TempDir Path work) {
        Path baseWork = work.resolve("base");
        FinishReport base;
        try (TrainingJob job = factory.prepare("base", Specs.tiny().set(b -> b.maxSteps = 5).build(),
                new JobOptions(baseWork, false))) {
            base = job.run(TrainingListener.NONE, null);
        }
        Map<String, float[]> baseWeights = TensorFile.read(base.finalModelDir().resolve(ModelStore.WEIGHTS));

        RecordingListener listener = new RecordingListener();
        try (DjlTrainingJob job = (DjlTrainingJob) factory.prepare("lora", Specs.tiny().set(b -> {
            b.model = base.finalModelDir().toString();
            b.layers = null;
            b.dModel = null;
            b.heads = null;
            b.contextLength = null;
            b.finetune = "lora";
            b.loraRank = 4;
            b.loraTargets = List.of("q", "v", "mlp_in");
            b.maxSteps = 15;
        }).build(), new JobOptions(work.resolve("lora"), false))) {
            Map<String, float[]> adaptersBefore = new HashMap<>();
            for (Param p : job.model().trainableParameters()) {
                assertTrue(p.name().contains(".lora_"), p.name() + " must not be trainable");
                adaptersBefore.put(p.name(), p.values());
            }
            assertEquals(2 * 3 * 2, adaptersBefore.size());
            FinishReport report = job.run(listener, null);
            assertEquals(FinishStatus.COMPLETED, report.status());

            for (Param p : job.model().parameters()) {
                if (p.name().contains(".lora_")) {
                    assertFalse(java.util.Arrays.equals(adaptersBefore.get(p.name()), p.values()),
                            p.name() + " should have been trained");
                } else {
                    assertArrayEquals(baseWeights.get(p.name()), p.values(), p.name() + " must stay frozen");
                }
            }
            Path finalDir = report.finalModelDir();
            assertTrue(Files.isRegularFile(finalDir.resolve(ModelStore.ADAPTERS)));
            assertFalse(Files.exists(finalDir.resolve(ModelStore.WEIGHTS)), "only adapters are saved");
            assertEquals(12, TensorFile.read(finalDir.resolve(ModelStore.ADAPTERS)).size());
            ModelStore.Manifest manifest = ModelStore.readManifest(finalDir);
            assertEquals(base.finalModelDir().toAbsolutePath().normalize().toString(), manifest.adapter().base());
        }
    }

    @Test
    void loraWithoutABaseAdaptsTheSeededWeightsAndSavesAUsableModel(@TempDir Path work) {
        try (TrainingJob job = factory.prepare("lora-random", Specs.tiny().set(b -> {
            b.finetune = "lora";
            b.loraRank = 4;
            b.maxSteps = 4;
        }).build(), new JobOptions(work, false))) {
            FinishReport report = job.run(TrainingListener.NONE, null);
            assertEquals(FinishStatus.COMPLETED, report.status());
            Path dir = report.finalModelDir();
            assertTrue(Files.isRegularFile(dir.resolve(ModelStore.ADAPTERS)));
            assertTrue(Files.isRegularFile(dir.resolve(ModelStore.WEIGHTS)), "merged weights: there is no base");
            ModelStore.Manifest manifest = ModelStore.readManifest(dir);
            assertEquals(42L, manifest.adapter().baseSeed());
            // the directory is a base for the next run
            assertEquals(manifest.config(), factory.validate("next", Specs.tiny().set(b -> {
                b.model = dir.toString();
                b.layers = null;
                b.dModel = null;
                b.heads = null;
                b.contextLength = null;
            }).build(), new JobOptions(work.resolve("next"), false)).config());
        }
    }

    @Test
    void aRunResumedFromACheckpointContinuesExactlyAsTheUninterruptedRun(@TempDir Path work) throws Exception {
        Specs.Builder spec = Specs.tiny().set(b -> {
            b.maxSteps = 24;
            b.checkpointEverySteps = 8;
            b.evalEverySteps = 8;
            b.gradAccumulation = 2;
            b.batchSize = 4;
            b.maxTrainExamples = 40; // several epochs, so the per-epoch shuffle is exercised too
        });
        RecordingListener full = new RecordingListener();
        Path first = work.resolve("first");
        try (TrainingJob job = factory.prepare("resume", spec.build(), new JobOptions(first, false))) {
            job.run(full, null);
        }
        // Another agent picks the run up from the shared volume at step 16 (its newest checkpoint).
        Path second = work.resolve("second");
        Files.createDirectories(second.resolve("checkpoints"));
        copyTree(first.resolve("checkpoints/step-16"), second.resolve("checkpoints/step-16"));
        RecordingListener resumed = new RecordingListener();
        try (TrainingJob job = factory.prepare("resume", spec.build(), new JobOptions(second, true))) {
            job.run(resumed, null);
        }
        assertEquals(16, resumed.startStep);
        assertEquals(8, resumed.steps.size());
        for (int i = 0; i < 8; i++) {
            StepReport a = full.steps.get(16 + i);
            StepReport b = resumed.steps.get(i);
            assertEquals(a.step(), b.step());
            assertEquals(a.loss(), b.loss(), 1e-4, "loss at step " + a.step());
            assertEquals(a.lr(), b.lr(), 1e-12);
            assertEquals(a.epoch(), b.epoch(), 1e-9);
        }
        assertEquals(full.evals.get(full.evals.size() - 1).valLoss(),
                resumed.evals.get(resumed.evals.size() - 1).valLoss(), 1e-4);
    }

    private static void copyTree(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var s = Files.list(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }
}
