package io.runwarden.protocol.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.Alert;
import io.runwarden.protocol.Severity;

/** JSON ↔ {@link Alert} for {@code runwarden.alerts}. */
final class AlertCodec {

    private AlertCodec() {
    }

    static byte[] encode(Alert alert) {
        ObjectNode node = Envelope.newMessage();
        node.put("runId", alert.runId());
        node.put("rule", alert.rule());
        node.put("severity", alert.severity().wireName());
        node.put("atStep", alert.atStep());
        node.put("ts", alert.ts());
        MetricCodec.putIfSet(node, "message", alert.message());
        CommandCodec.putEvidence(node, alert.evidence());
        return Envelope.bytes(node);
    }

    static Alert decode(byte[] bytes) {
        JsonFields f = Envelope.parse(bytes);
        String severityName = f.requireString("severity");
        Severity severity = Severity.fromWire(severityName).orElseThrow(() -> new ProtocolException("severity",
                "must be info, warn or action, was '" + severityName + "'"));
        Long ts = f.optLong("ts");
        return new Alert(f.requireString("runId"), f.requireString("rule"), severity, f.requireLong("atStep"),
                ts == null ? 0L : ts, f.optString("message"), f.optAnyMap("evidence"));
    }
}
