package io.runwarden.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.codec.ProtocolCodec;
import io.runwarden.protocol.codec.ProtocolJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricCodecTest {

    private static MetricEvent roundTrip(MetricEvent event) {
        return ProtocolCodec.decodeMetric(ProtocolCodec.encodeMetric(event));
    }

    @Test
    void runStartedRoundTrips() {
        ObjectNode spec = ProtocolCodec.specToJson(RunSpec.defaults());
        ObjectNode policy = ProtocolJson.mapper().createObjectNode();
        policy.putObject("earlyStopping").put("patience", 5);
        RunStarted event = new RunStarted("run-1", 0, 1_700_000_000_000L, spec, 188, policy, "sweep-a", "agent-7");

        assertEquals(event, roundTrip(event));
    }

    @Test
    void runStartedWithoutOptionalFieldsRoundTrips() {
        RunStarted event = new RunStarted("run-1", 0, 5, ProtocolJson.mapper().createObjectNode(), 10, null, null,
                null);
        RunStarted decoded = (RunStarted) roundTrip(event);

        assertEquals(event, decoded);
        assertNull(decoded.policy());
        assertNull(decoded.sweepId());
    }

    @Test
    void trainStepRoundTrips() {
        TrainStep event = new TrainStep("run-1", 17, 1234, 0.25, 1.75, 2e-4, 0.9, 64.0, 4096.0, 31.5);

        assertEquals(event, roundTrip(event));
    }

    @Test
    void trainStepWithoutThroughputDecodesAsNaN() {
        TrainStep decoded = (TrainStep) ProtocolCodec.decodeMetric("""
                {"v":1,"type":"train","runId":"r","step":3,"ts":9,"epoch":0.1,"loss":2.5,"lr":1e-4,"gradNorm":0.5}
                """);

        assertTrue(Double.isNaN(decoded.samplesPerSec()));
        assertTrue(Double.isNaN(decoded.stepMillis()));
        assertTrue(Double.isNaN(((TrainStep) roundTrip(decoded)).tokensPerSec()));
    }

    @Test
    void evalRoundTripsWithAndWithoutMetrics() {
        EvalResult withMetrics = new EvalResult("run-1", 50, 99, 1.0, 1.2, Map.of("accuracy", 0.8));
        EvalResult without = new EvalResult("run-1", 60, 99, 1.2, 1.1, null);

        assertEquals(withMetrics, roundTrip(withMetrics));
        assertEquals(without, roundTrip(without));
    }

    @Test
    void checkpointRoundTrips() {
        CheckpointSaved withLoss = new CheckpointSaved("run-1", 100, 1, "ckpt-100", 1.05);
        CheckpointSaved withoutLoss = new CheckpointSaved("run-1", 110, 1, "ckpt-110", null);

        assertEquals(withLoss, roundTrip(withLoss));
        assertEquals(withoutLoss, roundTrip(withoutLoss));
    }

    @Test
    void rollbackDoneRoundTrips() {
        RollbackDone event = new RollbackDone("run-1", 80, 2, 95, "ckpt-80", 0.5, 12, "run-1/non-finite/95");

        assertEquals(event, roundTrip(event));
    }

    @Test
    void runFinishedRoundTripsForEveryStatus() {
        for (FinishStatus status : FinishStatus.values()) {
            RunFinished event = new RunFinished("run-1", 200, 3, status, "because", "ckpt-150");
            assertEquals(event, roundTrip(event));
        }
        RunFinished bare = new RunFinished("run-1", 200, 3, FinishStatus.COMPLETED, null, null);
        assertEquals(bare, roundTrip(bare));
    }

    @Test
    void heartbeatRoundTrips() {
        Heartbeat event = new Heartbeat("run-1", 42, 77);

        assertEquals(event, roundTrip(event));
    }

    @Test
    void nonFiniteNumbersAreWrittenAsStrings() {
        TrainStep event = new TrainStep("run-1", 5, 1, 0.1, Double.NaN, 1e-3, Double.POSITIVE_INFINITY, 1, 1, 1);
        String json = ProtocolCodec.text(ProtocolCodec.encodeMetric(event));

        assertTrue(json.contains("\"loss\":\"NaN\""), json);
        assertTrue(json.contains("\"gradNorm\":\"Infinity\""), json);
        TrainStep decoded = (TrainStep) ProtocolCodec.decodeMetric(json);
        assertTrue(Double.isNaN(decoded.loss()));
        assertEquals(Double.POSITIVE_INFINITY, decoded.gradNorm());
    }

    @ParameterizedTest(name = "loss token {0} reads as {1}")
    @CsvSource(delimiter = '|', value = {
            "NaN         | NaN",
            "Infinity    | Infinity",
            "-Infinity   | -Infinity",
            "\"NaN\"       | NaN",
            "\"Infinity\"  | Infinity",
            "\"-Infinity\" | -Infinity"})
    void nonFiniteNumbersAreReadInBothEncodings(String token, double expected) {
        String json = "{\"v\":1,\"type\":\"train\",\"runId\":\"r\",\"step\":1,\"ts\":1,\"epoch\":0,"
                + "\"loss\":" + token + ",\"lr\":0.1,\"gradNorm\":" + token + "}";

        TrainStep decoded = (TrainStep) ProtocolCodec.decodeMetric(json);

        assertEquals(expected, decoded.loss());
        assertEquals(expected, decoded.gradNorm());
    }

    @Test
    void evalValLossMayBeNonFinite() {
        EvalResult decoded = (EvalResult) ProtocolCodec.decodeMetric(
                "{\"v\":1,\"type\":\"eval\",\"runId\":\"r\",\"step\":1,\"ts\":1,\"epoch\":1,\"valLoss\":NaN,"
                        + "\"metrics\":{\"ppl\":\"Infinity\"}}");

        assertTrue(Double.isNaN(decoded.valLoss()));
        assertEquals(Double.POSITIVE_INFINITY, decoded.metrics().get("ppl"));
    }

    @Test
    void unknownFieldsAreIgnored() {
        MetricEvent decoded = ProtocolCodec.decodeMetric(
                "{\"v\":1,\"type\":\"heartbeat\",\"runId\":\"r\",\"step\":1,\"ts\":2,\"gpuTemp\":71,\"extra\":{}}");

        assertInstanceOf(Heartbeat.class, decoded);
    }

    @Test
    void pythonStyleFloatStepIsAcceptedWhenIntegral() {
        Heartbeat decoded = (Heartbeat) ProtocolCodec.decodeMetric(
                "{\"v\":1,\"type\":\"heartbeat\",\"runId\":\"r\",\"step\":12.0,\"ts\":2}");

        assertEquals(12, decoded.step());
    }
}
