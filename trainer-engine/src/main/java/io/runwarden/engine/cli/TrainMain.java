package io.runwarden.engine.cli;

import io.runwarden.engine.DjlTrainingJobFactory;
import io.runwarden.engine.FinishReport;
import io.runwarden.engine.InvalidSpecException;
import io.runwarden.engine.JobOptions;
import io.runwarden.engine.TrainingJob;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.RunSpec;
import io.runwarden.protocol.codec.ProtocolCodec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Standalone training without Kafka: {@code ./runwarden train --spec FILE [--run-id ID] [--work-dir DIR]
 * [--resume] [--every N]}. Without {@code --spec} it trains the default spec.
 */
public final class TrainMain {

    private TrainMain() {
    }

    public static void main(String[] args) throws IOException {
        Args a = new Args(args);
        String specFile = a.get("--spec", null);
        RunSpec spec = specFile == null ? RunSpec.defaults()
                : ProtocolCodec.specFromJson(Files.readString(Path.of(specFile)));
        String runId = a.get("--run-id", specFile == null ? "train"
                : Path.of(specFile).getFileName().toString().replaceFirst("\\.json$", ""));
        Path workDir = Path.of(a.get("--work-dir", ".runwarden/runs/" + runId));
        int every = Integer.parseInt(a.get("--every", "10"));
        System.exit(train(runId, spec, new JobOptions(workDir, a.flag("--resume")), every));
    }

    static int train(String runId, RunSpec spec, JobOptions options, int every) {
        try (TrainingJob job = new DjlTrainingJobFactory().prepare(runId, spec, options)) {
            FinishReport report = job.run(new ProgressPrinter(System.out, every), null);
            return report.status() == FinishStatus.FAILED ? 1 : 0;
        } catch (InvalidSpecException e) {
            System.err.println("runwarden: " + e.getMessage());
            return 2;
        }
    }
}
