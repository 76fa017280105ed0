package io.runwarden.protocol.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.CommandType;
import io.runwarden.protocol.RollbackCommand;
import io.runwarden.protocol.RunCommand;
import io.runwarden.protocol.StopCommand;

import java.util.Arrays;
import java.util.Map;

/** JSON ↔ {@link RunCommand} for {@code runwarden.commands}. */
final class CommandCodec {

    private CommandCodec() {
    }

    static byte[] encode(RunCommand command) {
        ObjectNode node = Envelope.newMessage();
        node.put("commandId", command.commandId());
        node.put("runId", command.runId());
        node.put("type", command.type().name());
        node.put("rule", command.rule());
        MetricCodec.putIfSet(node, "reason", command.reason());
        node.put("atStep", command.atStep());
        node.put("issuedAt", command.issuedAt());
        MetricCodec.putIfSet(node, "origin", command.origin());
        putEvidence(node, command.evidence());
        if (command instanceof StopCommand stop) {
            MetricCodec.putIfSet(node, "restoreCheckpointId", stop.restoreCheckpointId());
            if (stop.restoreStep() != null) {
                node.put("restoreStep", stop.restoreStep());
            }
        } else if (command instanceof RollbackCommand rollback) {
            node.put("checkpointId", rollback.checkpointId());
            node.put("toStep", rollback.toStep());
            node.put("lrFactor", rollback.lrFactor());
            node.put("skipBatches", rollback.skipBatches());
        }
        return Envelope.bytes(node);
    }

    static RunCommand decode(byte[] bytes) {
        JsonFields f = Envelope.parse(bytes);
        String typeName = f.requireString("type");
        CommandType type = Arrays.stream(CommandType.values()).filter(t -> t.name().equals(typeName)).findFirst()
                .orElseThrow(() -> new ProtocolException("type", "must be STOP or ROLLBACK, was '" + typeName + "'"));
        String commandId = f.requireString("commandId");
        String runId = f.requireString("runId");
        String rule = f.requireString("rule");
        String reason = f.optString("reason");
        long atStep = f.requireLong("atStep");
        long issuedAt = f.requireLong("issuedAt");
        String origin = f.optString("origin");
        Map<String, Object> evidence = f.optAnyMap("evidence");
        return switch (type) {
            case STOP -> new StopCommand(commandId, runId, rule, reason, atStep, issuedAt, origin, evidence,
                    f.optString("restoreCheckpointId"), f.optLong("restoreStep"));
            case ROLLBACK -> new RollbackCommand(commandId, runId, rule, reason, atStep, issuedAt, origin, evidence,
                    f.requireString("checkpointId"), f.requireLong("toStep"), f.requireDouble("lrFactor"),
                    f.requireInt("skipBatches"));
        };
    }

    static void putEvidence(ObjectNode node, Map<String, Object> evidence) {
        if (evidence != null && !evidence.isEmpty()) {
            node.set("evidence", ProtocolJson.mapper().valueToTree(evidence));
        }
    }
}
