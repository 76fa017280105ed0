package io.runwarden.protocol.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.RunSpec;

import java.util.stream.Collectors;

/**
 * JSON ↔ {@link RunSpec}. Unlike protocol messages, a spec is typed by people, so an unknown field is an error
 * (a misspelt {@code learningrate} must not silently train with the default).
 */
final class RunSpecCodec {

    private static final ObjectReader STRICT_READER = ProtocolJson.mapper().readerFor(RunSpec.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RunSpecCodec() {
    }

    static ObjectNode toTree(RunSpec spec) {
        // Through bytes, so the tree holds the same node types a reader of the wire would get.
        try {
            return (ObjectNode) ProtocolJson.mapper().readTree(ProtocolJson.mapper().writeValueAsBytes(spec));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write a spec", e);
        }
    }

    static RunSpec fromTree(JsonNode node, String fieldPrefix) {
        if (node == null || !node.isObject()) {
            throw new ProtocolException(fieldPrefix.isEmpty() ? null : fieldPrefix, "spec must be a JSON object");
        }
        try {
            return STRICT_READER.readValue(node);
        } catch (UnrecognizedPropertyException e) {
            throw new ProtocolException(fieldPrefix + e.getPropertyName(), "unknown spec field; known fields are "
                    + e.getKnownPropertyIds(), e);
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw new ProtocolException(fieldPrefix + path, "has the wrong type: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new ProtocolException(fieldPrefix.isEmpty() ? null : fieldPrefix, "unreadable spec: "
                    + e.getMessage(), e);
        }
    }

    static RunSpec fromBytes(byte[] bytes) {
        JsonNode node;
        try {
            node = ProtocolJson.mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(null, "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new ProtocolException(null, "unreadable spec: " + e.getMessage(), e);
        }
        return fromTree(node, "");
    }
}
