package io.runwarden.engine;

import io.runwarden.engine.checkpoint.CheckpointStore;
import io.runwarden.engine.model.Param;
import io.runwarden.protocol.FinishStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** STOP and ROLLBACK obeyed between optimizer steps, as the trainer agent delivers them. */
class DirectivesIT {

    private final DjlTrainingJobFactory factory = new DjlTrainingJobFactory();

    @Test
    void stopWithRestoreMakesTheCheckpointTheFinalModel(@TempDir Path work) {
        RecordingListener listener = new RecordingListener();
        ScriptedDirectives directives = new ScriptedDirectives(listener::lastStep)
                .at(12, new TrainerDirective.Stop("run/early-stopping/12", "val loss rose", "step-5"));
        try (DjlTrainingJob job = (DjlTrainingJob) factory.prepare("stop", Specs.tiny().set(b -> {
            b.checkpointEverySteps = 5;
            b.keepLastCheckpoints = 5;
        }).build(), new JobOptions(work, false))) {
            FinishReport report = job.run(listener, directives);

            assertEquals(FinishStatus.STOPPED, report.status());
            assertEquals(12, report.step(), "the stop is obeyed after the step that was running");
            assertEquals("step-5", report.restoredCheckpointId());
            assertEquals(1, listener.finishes.size());
            assertEquals(12, listener.steps.size());
            Map<String, float[]> checkpoint = new CheckpointStore(work).load("step-5").params();
            Map<String, float[]> finalWeights = io.runwarden.engine.checkpoint.TensorFile.read(
                    report.finalModelDir().resolve("weights.bin"));
            for (Param p : job.model().parameters()) {
                assertArrayEquals(checkpoint.get(p.name()), finalWeights.get(p.name()), p.name());
            }
        }
    }

    @Test
    void rollbackRestoresTheCheckpointAndContinuesWithALowerLearningRate(@TempDir Path work) {
        RecordingListener listener = new RecordingListener();
        TrainerDirective.Rollback rollback = new TrainerDirective.Rollback("run/spike/14", "step-10", 0.5, 2);
        ScriptedDirectives directives = new ScriptedDirectives(listener::lastStep)
                .at(14, rollback)
                .at(14, rollback); // the same command delivered twice: obeyed once
        try (TrainingJob job = factory.prepare("rollback", Specs.tiny().set(b -> {
            b.maxSteps = 24;
            b.checkpointEverySteps = 5;
            b.schedule = "constant";
            b.warmupSteps = 0;
        }).build(), new JobOptions(work, false))) {
            FinishReport report = job.run(listener, directives);

            assertEquals(FinishStatus.COMPLETED, report.status());
            assertEquals(1, listener.rollbacks.size());
            RollbackReport r = listener.rollbacks.get(0);
            assertEquals(14, r.fromStep());
            assertEquals(10, r.toStep());
            assertEquals("step-10", r.checkpointId());
            assertEquals(2, r.skippedBatches());
            // steps 1..14, then 11..24 again
            assertEquals(14 + 14, listener.steps.size());
            StepReport afterRollback = listener.steps.get(14);
            assertEquals(11, afterRollback.step());
            assertEquals(2e-3 * 0.5, afterRollback.lr(), 1e-12);
            assertEquals(2e-3, listener.steps.get(13).lr(), 1e-12);
            assertEquals(24, report.step());
            assertTrue(listener.rejected.isEmpty(), listener.rejected.toString());
        }
    }

    @Test
    void afterARollbackTheRestoredStepSeesExactlyTheCheckpointsWeights(@TempDir Path work) {
        RecordingListener listener = new RecordingListener();
        ScriptedDirectives directives = new ScriptedDirectives(listener::lastStep)
                .at(13, new TrainerDirective.Rollback("run/manual/13", "step-10", 0.1, 0));
        try (TrainingJob job = factory.prepare("replay", Specs.tiny().set(b -> {
            b.maxSteps = 16;
            b.checkpointEverySteps = 10;
        }).build(), new JobOptions(work, false))) {
            job.run(listener, directives);
        }
        // Step 11 is computed before its update, from the step-10 weights and the same batch (nothing skipped):
        // the replayed step must report the same loss, only its learning rate is a tenth.
        StepReport original = listener.steps.get(10);
        StepReport replayed = listener.steps.get(13);
        assertEquals(11, original.step());
        assertEquals(11, replayed.step());
        assertEquals(original.loss(), replayed.loss(), 1e-5);
        assertEquals(original.lr() * 0.1, replayed.lr(), 1e-12);
        assertEquals(original.epoch(), replayed.epoch(), 1e-12);
    }

    @Test
    void anInterruptedTrainingThreadEndsTheRunCleanly(@TempDir Path work) {
        RecordingListener listener = new RecordingListener() {
            @Override
            public void trainStep(StepReport report) {
                super.trainStep(report);
                if (report.step() == 3) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (TrainingJob job = factory.prepare("interrupt", Specs.tiny().build(), new JobOptions(work, false))) {
            FinishReport report = job.run(listener, null);
            assertTrue(Thread.interrupted(), "the interrupt is handed back to the caller");
            assertEquals(FinishStatus.STOPPED, report.status());
            assertEquals("interrupted", report.reason());
            assertEquals(3, report.step());
            assertTrue(java.nio.file.Files.isRegularFile(report.finalModelDir().resolve("weights.bin")));
        }
    }

    @Test
    void rollbackToAMissingCheckpointIsRejectedAndTrainingGoesOn(@TempDir Path work) {
        RecordingListener listener = new RecordingListener();
        ScriptedDirectives directives = new ScriptedDirectives(listener::lastStep)
                .at(3, new TrainerDirective.Rollback("run/x/3", "step-999", 0.5, 0));
        try (TrainingJob job = factory.prepare("missing", Specs.tiny().set(b -> b.maxSteps = 6).build(),
                new JobOptions(work, false))) {
            FinishReport report = job.run(listener, directives);
            assertEquals(FinishStatus.COMPLETED, report.status());
            assertEquals(1, listener.rejected.size());
            assertTrue(listener.rejected.get(0).startsWith("run/x/3"));
            assertNotNull(report.finalModelDir());
        }
    }
}
