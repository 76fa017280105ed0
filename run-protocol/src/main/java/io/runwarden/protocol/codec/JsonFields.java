package io.runwarden.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** Typed reads of one JSON object's fields; every failure names the field. */
final class JsonFields {

    private final JsonNode node;

    JsonFields(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ProtocolException(null, "message must be a JSON object");
        }
        this.node = node;
    }

    String requireString(String field) {
        JsonNode value = present(field);
        if (!value.isTextual()) {
            throw new ProtocolException(field, "must be a string, was " + value.getNodeType());
        }
        if (value.textValue().isBlank()) {
            throw new ProtocolException(field, "must not be blank");
        }
        return value.textValue();
    }

    String optString(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new ProtocolException(field, "must be a string, was " + value.getNodeType());
        }
        return value.textValue();
    }

    long requireLong(String field) {
        return asLong(field, present(field));
    }

    Long optLong(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : asLong(field, value);
    }

    int requireInt(String field) {
        long value = requireLong(field);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new ProtocolException(field, "is out of range for an int: " + value);
        }
        return (int) value;
    }

    double requireDouble(String field) {
        return asDouble(field, present(field));
    }

    Double optDouble(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : asDouble(field, value);
    }

    ObjectNode requireObject(String field) {
        JsonNode value = present(field);
        if (!value.isObject()) {
            throw new ProtocolException(field, "must be a JSON object, was " + value.getNodeType());
        }
        return (ObjectNode) value;
    }

    JsonNode optObject(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new ProtocolException(field, "must be a JSON object, was " + value.getNodeType());
        }
        return value;
    }

    JsonNode optArray(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw new ProtocolException(field, "must be a JSON array, was " + value.getNodeType());
        }
        return value;
    }

    /** An optional object of numbers, e.g. an eval message's {@code metrics}. */
    Map<String, Double> optNumberMap(String field) {
        JsonNode value = optObject(field);
        Map<String, Double> result = new LinkedHashMap<>();
        if (value != null) {
            value.fields().forEachRemaining(e -> result.put(e.getKey(), asDouble(field + "." + e.getKey(), e.getValue())));
        }
        return result;
    }

    /** An optional object of arbitrary values, e.g. an alert's {@code evidence}. */
    Map<String, Object> optAnyMap(String field) {
        JsonNode value = optObject(field);
        if (value == null) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = ProtocolJson.mapper().convertValue(value, LinkedHashMap.class);
        return map;
    }

    private JsonNode present(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new ProtocolException(field, "is required but missing");
        }
        return value;
    }

    private static long asLong(String field, JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isNumber() && value.isFloatingPointNumber()) {
            double d = value.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
                return (long) d;
            }
        }
        throw new ProtocolException(field, "must be an integer, was " + describe(value));
    }

    private static double asDouble(String field, JsonNode value) {
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isTextual()) {
            switch (value.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                case "+Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw new ProtocolException(field, "must be a number (or \"NaN\", \"Infinity\", \"-Infinity\"), was "
                + describe(value));
    }

    private static String describe(JsonNode value) {
        String text = value.toString();
        return value.getNodeType() + " " + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
    }
}
