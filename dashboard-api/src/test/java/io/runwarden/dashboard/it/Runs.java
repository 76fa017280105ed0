package io.runwarden.dashboard.it;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.CheckpointSaved;
import io.runwarden.protocol.EvalResult;
import io.runwarden.protocol.RunStarted;
import io.runwarden.protocol.TrainStep;

import java.util.Map;

/** Messages of a plausible fine-tuning run, for the tests. */
public final class Runs {

    private Runs() {
    }

    public static RunStarted started(String runId, long totalSteps, String sweepId) {
        ObjectNode spec = JsonNodeFactory.instance.objectNode().put("learningRate", 2e-4).put("schedule", "cosine")
                .put("batchSize", 8).put("gradAccumulation", 2).put("epochs", 3).put("finetune", "lora");
        return new RunStarted(runId, 0, System.currentTimeMillis(), spec, totalSteps, null, sweepId, "agent-test");
    }

    public static double loss(long step) {
        return 0.6 + 1.8 * Math.exp(-step / 60.0) + 0.04 * Math.sin(step * 0.7);
    }

    public static TrainStep train(String runId, long step) {
        return train(runId, step, loss(step));
    }

    public static TrainStep train(String runId, long step, double loss) {
        double lr = 2e-4 * 0.5 * (1 + Math.cos(Math.PI * step / 300.0));
        return new TrainStep(runId, step, System.currentTimeMillis(), step / 60.0, loss, lr,
                0.35 + 0.9 * Math.exp(-step / 80.0) + 0.06 * Math.sin(step * 1.7) + 0.04 * Math.sin(step * 0.37), 210, 13_440, 38);
    }

    public static EvalResult eval(String runId, long step) {
        return new EvalResult(runId, step, System.currentTimeMillis(), step / 60.0, loss(step) + 0.08,
                Map.of("accuracy", 0.4));
    }

    public static CheckpointSaved checkpoint(String runId, long step) {
        return new CheckpointSaved(runId, step, System.currentTimeMillis(), "step-" + step, loss(step) + 0.08);
    }
}
