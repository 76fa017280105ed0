package io.runwarden.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.Alert;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.RunCommand;
import io.runwarden.protocol.RunHealth;
import io.runwarden.protocol.RunRequest;
import io.runwarden.protocol.RunSpec;

import java.nio.charset.StandardCharsets;

/**
 * The JSON codec of every protocol message. Decoding never falls back to a default for a required field: a
 * malformed message throws {@link ProtocolException} naming the field. Unknown extra fields are ignored.
 */
public final class ProtocolCodec {

    private ProtocolCodec() {
    }

    public static byte[] encodeMetric(MetricEvent event) {
        return MetricCodec.encode(event);
    }

    public static MetricEvent decodeMetric(byte[] bytes) {
        return MetricCodec.decode(bytes);
    }

    public static MetricEvent decodeMetric(String json) {
        return MetricCodec.decode(utf8(json));
    }

    public static byte[] encodeCommand(RunCommand command) {
        return CommandCodec.encode(command);
    }

    public static RunCommand decodeCommand(byte[] bytes) {
        return CommandCodec.decode(bytes);
    }

    public static RunCommand decodeCommand(String json) {
        return CommandCodec.decode(utf8(json));
    }

    public static byte[] encodeAlert(Alert alert) {
        return AlertCodec.encode(alert);
    }

    public static Alert decodeAlert(byte[] bytes) {
        return AlertCodec.decode(bytes);
    }

    public static Alert decodeAlert(String json) {
        return AlertCodec.decode(utf8(json));
    }

    public static byte[] encodeHealth(RunHealth health) {
        return HealthCodec.encode(health);
    }

    public static RunHealth decodeHealth(byte[] bytes) {
        return HealthCodec.decode(bytes);
    }

    public static RunHealth decodeHealth(String json) {
        return HealthCodec.decode(utf8(json));
    }

    public static byte[] encodeRunRequest(RunRequest request) {
        return RunRequestCodec.encode(request);
    }

    public static RunRequest decodeRunRequest(byte[] bytes) {
        return RunRequestCodec.decode(bytes);
    }

    public static RunRequest decodeRunRequest(String json) {
        return RunRequestCodec.decode(utf8(json));
    }

    /** A spec as a JSON object (unset fields left out), e.g. for a {@code run-started} message. */
    public static ObjectNode specToJson(RunSpec spec) {
        return RunSpecCodec.toTree(spec);
    }

    /** Reads a spec strictly: unknown fields and wrong types are errors naming the field. */
    public static RunSpec specFromJson(JsonNode node) {
        return RunSpecCodec.fromTree(node, "");
    }

    public static RunSpec specFromJson(String json) {
        return RunSpecCodec.fromBytes(utf8(json));
    }

    /** Any encoded message as text, for logs and files. */
    public static String text(byte[] encoded) {
        return new String(encoded, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String json) {
        if (json == null) {
            throw new ProtocolException(null, "message is null");
        }
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
