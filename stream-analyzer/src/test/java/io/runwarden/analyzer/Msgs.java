package io.runwarden.analyzer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.CheckpointSaved;
import io.runwarden.protocol.EvalResult;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.Heartbeat;
import io.runwarden.protocol.RollbackDone;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.RunStarted;
import io.runwarden.protocol.TrainStep;
import io.runwarden.protocol.codec.ProtocolJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Hand-written metrics messages of one run, with timestamps derived from the step (fixed, deterministic). */
public record Msgs(String runId) {

    public static final long T0 = 1_763_820_000_000L;

    public static long ts(long step) {
        return T0 + step * 1000;
    }

    public static JsonNode json(String json) {
        try {
            return ProtocolJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RunStarted started(long totalSteps, String policyJson) {
        return new RunStarted(runId, 0, ts(0), (ObjectNode) json("{\"learningRate\":2e-4}"), totalSteps,
                policyJson == null ? null : json(policyJson), null, "agent-1");
    }

    public TrainStep train(long step, double loss) {
        return train(step, loss, 1.0);
    }

    public TrainStep train(long step, double loss, double gradNorm) {
        return new TrainStep(runId, step, ts(step), step / 100.0, loss, 2e-4, gradNorm, 100, 6400, 40);
    }

    public EvalResult eval(long step, double valLoss) {
        return new EvalResult(runId, step, ts(step), step / 100.0, valLoss, Map.of());
    }

    public EvalResult eval(long step, double valLoss, Map<String, Double> metrics) {
        return new EvalResult(runId, step, ts(step), step / 100.0, valLoss, metrics);
    }

    public CheckpointSaved checkpoint(long step) {
        return new CheckpointSaved(runId, step, ts(step) + 1, "step-" + step, null);
    }

    public RollbackDone rollbackDone(long toStep, long fromStep, String commandId) {
        return new RollbackDone(runId, toStep, ts(fromStep) + 500, fromStep, "step-" + toStep, 0.5, 0, commandId);
    }

    public RunFinished finished(long step, FinishStatus status) {
        return new RunFinished(runId, step, ts(step) + 1, status, null, null);
    }

    public Heartbeat heartbeat(long step) {
        return new Heartbeat(runId, step, ts(step));
    }
}
