package io.runwarden.protocol.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.CheckpointSaved;
import io.runwarden.protocol.EvalResult;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.Heartbeat;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.MetricType;
import io.runwarden.protocol.RollbackDone;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.RunStarted;
import io.runwarden.protocol.TrainStep;

/** JSON ↔ {@link MetricEvent} for {@code runwarden.metrics}. */
final class MetricCodec {

    private MetricCodec() {
    }

    static byte[] encode(MetricEvent event) {
        ObjectNode node = Envelope.newMessage();
        node.put("type", event.type().wireName());
        node.put("runId", event.runId());
        node.put("step", event.step());
        node.put("ts", event.ts());
        if (event instanceof RunStarted e) {
            node.set("spec", e.spec());
            node.put("totalSteps", e.totalSteps());
            if (e.policy() != null) {
                node.set("policy", e.policy());
            }
            putIfSet(node, "sweepId", e.sweepId());
            putIfSet(node, "agentId", e.agentId());
        } else if (event instanceof TrainStep e) {
            node.put("epoch", e.epoch());
            node.put("loss", e.loss());
            node.put("lr", e.lr());
            node.put("gradNorm", e.gradNorm());
            // Throughput fields are optional: trainers that don't measure them leave them out (NaN here).
            putIfMeasured(node, "samplesPerSec", e.samplesPerSec());
            putIfMeasured(node, "tokensPerSec", e.tokensPerSec());
            putIfMeasured(node, "stepMillis", e.stepMillis());
        } else if (event instanceof EvalResult e) {
            node.put("epoch", e.epoch());
            node.put("valLoss", e.valLoss());
            if (!e.metrics().isEmpty()) {
                ObjectNode metrics = node.putObject("metrics");
                e.metrics().forEach(metrics::put);
            }
        } else if (event instanceof CheckpointSaved e) {
            node.put("checkpointId", e.checkpointId());
            if (e.valLoss() != null) {
                node.put("valLoss", e.valLoss());
            }
        } else if (event instanceof RollbackDone e) {
            node.put("fromStep", e.fromStep());
            node.put("checkpointId", e.checkpointId());
            node.put("lrFactor", e.lrFactor());
            node.put("skippedBatches", e.skippedBatches());
            node.put("commandId", e.commandId());
        } else if (event instanceof RunFinished e) {
            node.put("status", e.status().wireName());
            putIfSet(node, "reason", e.reason());
            putIfSet(node, "restoredCheckpointId", e.restoredCheckpointId());
        } else if (!(event instanceof Heartbeat)) {
            throw new IllegalArgumentException("unknown metric event " + event.getClass());
        }
        return Envelope.bytes(node);
    }

    static MetricEvent decode(byte[] bytes) {
        JsonFields f = Envelope.parse(bytes);
        String typeName = f.requireString("type");
        MetricType type = MetricType.fromWire(typeName)
                .orElseThrow(() -> new ProtocolException("type", "unknown metrics message type '" + typeName + "'"));
        String runId = f.requireString("runId");
        long step = f.requireLong("step");
        long ts = f.requireLong("ts");
        return switch (type) {
            case RUN_STARTED -> new RunStarted(runId, step, ts, f.requireObject("spec"), f.requireLong("totalSteps"),
                    f.optObject("policy"), f.optString("sweepId"), f.optString("agentId"));
            case TRAIN -> new TrainStep(runId, step, ts, f.requireDouble("epoch"), f.requireDouble("loss"),
                    f.requireDouble("lr"), f.requireDouble("gradNorm"), orNaN(f.optDouble("samplesPerSec")),
                    orNaN(f.optDouble("tokensPerSec")), orNaN(f.optDouble("stepMillis")));
            case EVAL -> new EvalResult(runId, step, ts, f.requireDouble("epoch"), f.requireDouble("valLoss"),
                    f.optNumberMap("metrics"));
            case CHECKPOINT -> new CheckpointSaved(runId, step, ts, f.requireString("checkpointId"),
                    f.optDouble("valLoss"));
            case ROLLBACK_DONE -> new RollbackDone(runId, step, ts, f.requireLong("fromStep"),
                    f.requireString("checkpointId"), f.requireDouble("lrFactor"), f.requireInt("skippedBatches"),
                    f.requireString("commandId"));
            case RUN_FINISHED -> {
                String statusName = f.requireString("status");
                FinishStatus status = FinishStatus.fromWire(statusName).orElseThrow(() -> new ProtocolException(
                        "status", "must be completed, stopped or failed, was '" + statusName + "'"));
                yield new RunFinished(runId, step, ts, status, f.optString("reason"),
                        f.optString("restoredCheckpointId"));
            }
            case HEARTBEAT -> new Heartbeat(runId, step, ts);
        };
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    private static void putIfMeasured(ObjectNode node, String field, double value) {
        if (!Double.isNaN(value)) {
            node.put(field, value);
        }
    }

    static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
