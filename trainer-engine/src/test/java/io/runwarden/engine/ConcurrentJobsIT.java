package io.runwarden.engine;

import io.runwarden.protocol.FinishStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Several jobs in one JVM (an agent pool) train side by side without disturbing each other. */
class ConcurrentJobsIT {

    @Test
    void twoJobsOnTwoThreadsTrainExactlyAsTheyWouldAlone(@TempDir Path work) throws Exception {
        DjlTrainingJobFactory factory = new DjlTrainingJobFactory();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<RecordingListener>> runs = List.of(
                    pool.submit(() -> train(factory, work.resolve("a"))),
                    pool.submit(() -> train(factory, work.resolve("b"))));
            RecordingListener a = runs.get(0).get(120, TimeUnit.SECONDS);
            RecordingListener b = runs.get(1).get(120, TimeUnit.SECONDS);
            RecordingListener alone = train(factory, work.resolve("alone"));
            assertEquals(FinishStatus.COMPLETED, a.finishes.get(0).status());
            assertEquals(FinishStatus.COMPLETED, b.finishes.get(0).status());
            for (int i = 0; i < alone.steps.size(); i++) {
                assertEquals(alone.steps.get(i).loss(), a.steps.get(i).loss(), 1e-5, "a, step " + (i + 1));
                assertEquals(alone.steps.get(i).loss(), b.steps.get(i).loss(), 1e-5, "b, step " + (i + 1));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static RecordingListener train(DjlTrainingJobFactory factory, Path dir) {
        RecordingListener listener = new RecordingListener();
        try (TrainingJob job = factory.prepare(dir.getFileName().toString(), Specs.tiny().set(b -> {
            b.maxSteps = 12;
            b.gradAccumulation = 2;
            b.batchSize = 4;
        }).build(), new JobOptions(dir, false))) {
            job.run(listener, null);
        }
        return listener;
    }
}
