package io.runwarden.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.HealthVerdict;
import io.runwarden.protocol.RunHealth;

import java.util.ArrayList;
import java.util.List;

/** JSON ↔ {@link RunHealth} for the compacted {@code runwarden.run-health}. */
final class HealthCodec {

    private HealthCodec() {
    }

    static byte[] encode(RunHealth health) {
        ObjectNode node = Envelope.newMessage();
        node.put("runId", health.runId());
        node.put("verdict", health.verdict().wireName());
        ArrayNode reasons = node.putArray("reasons");
        health.reasons().forEach(reasons::add);
        node.put("atStep", health.atStep());
        node.put("ts", health.ts());
        return Envelope.bytes(node);
    }

    static RunHealth decode(byte[] bytes) {
        JsonFields f = Envelope.parse(bytes);
        String verdictName = f.requireString("verdict");
        HealthVerdict verdict = HealthVerdict.fromWire(verdictName).orElseThrow(() -> new ProtocolException(
                "verdict", "unknown verdict '" + verdictName + "'"));
        List<String> reasons = new ArrayList<>();
        JsonNode array = f.optArray("reasons");
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode reason = array.get(i);
                if (!reason.isTextual()) {
                    throw new ProtocolException("reasons[" + i + "]", "must be a string");
                }
                reasons.add(reason.textValue());
            }
        }
        Long ts = f.optLong("ts");
        return new RunHealth(f.requireString("runId"), verdict, reasons, f.requireLong("atStep"), ts == null ? 0 : ts);
    }
}
