package io.runwarden.protocol.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.RunRequest;

/** JSON ↔ {@link RunRequest} for {@code runwarden.run-requests}. */
final class RunRequestCodec {

    private RunRequestCodec() {
    }

    static byte[] encode(RunRequest request) {
        ObjectNode node = Envelope.newMessage();
        node.put("runId", request.runId());
        node.set("spec", RunSpecCodec.toTree(request.spec()));
        if (request.policy() != null) {
            node.set("policy", request.policy());
        }
        MetricCodec.putIfSet(node, "sweepId", request.sweepId());
        MetricCodec.putIfSet(node, "submittedBy", request.submittedBy());
        node.put("submittedAt", request.submittedAt());
        return Envelope.bytes(node);
    }

    static RunRequest decode(byte[] bytes) {
        JsonFields f = Envelope.parse(bytes);
        String runId = f.requireString("runId");
        ObjectNode spec = f.requireObject("spec");
        Long submittedAt = f.optLong("submittedAt");
        return new RunRequest(runId, RunSpecCodec.fromTree(spec, "spec."), f.optObject("policy"),
                f.optString("sweepId"), f.optString("submittedBy"), submittedAt == null ? 0 : submittedAt);
    }
}
