package io.runwarden.protocol.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/** The parts every protocol message shares: the {@code "v"} field, parsing and writing bytes. */
final class Envelope {

    static final int VERSION = 1;

    private Envelope() {
    }

    static ObjectNode newMessage() {
        ObjectNode node = ProtocolJson.mapper().createObjectNode();
        node.put("v", VERSION);
        return node;
    }

    static JsonFields parse(byte[] bytes) {
        if (bytes == null) {
            throw new ProtocolException(null, "message is null (a tombstone?)");
        }
        JsonNode node;
        try {
            node = ProtocolJson.mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(null, "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ProtocolException(null, "unreadable message: " + e.getMessage(), e);
        }
        JsonFields fields = new JsonFields(node);
        long version = fields.requireLong("v");
        if (version != VERSION) {
            throw new ProtocolException("v", "unsupported protocol version " + version + ", this reader speaks "
                    + VERSION);
        }
        return fields;
    }

    static byte[] bytes(ObjectNode node) {
        try {
            return ProtocolJson.mapper().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }
}
