package io.runwarden.protocol.sweep;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Strict typed reads of one object of a sweep spec; every failure names the field with its full path. */
final class SweepJson {

    private final JsonNode node;
    private final String path;

    SweepJson(JsonNode node, String path, Set<String> known) {
        if (node == null || !node.isObject()) {
            throw InvalidSweepException.of(path.isEmpty() ? "(spec)" : path, "must be a JSON object");
        }
        this.node = node;
        this.path = path;
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw InvalidSweepException.of(field(name), "unknown field; known fields are " + known);
            }
        }
    }

    String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    JsonNode get(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    String optString(String name) {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw InvalidSweepException.of(field(name), "must be a string, was " + value.getNodeType());
        }
        return value.textValue();
    }

    Long optLong(String name) {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isNumber() && value.doubleValue() == Math.rint(value.doubleValue())
                && Math.abs(value.doubleValue()) < 9.0e15) {
            return (long) value.doubleValue();
        }
        throw InvalidSweepException.of(field(name), "must be an integer, was " + value);
    }

    Integer optInt(String name) {
        Long value = optLong(name);
        if (value == null) {
            return null;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw InvalidSweepException.of(field(name), "is out of range: " + value);
        }
        return value.intValue();
    }

    Double optDouble(String name) {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw InvalidSweepException.of(field(name), "must be a finite number, was " + value);
        }
        return value.doubleValue();
    }

    Boolean optBoolean(String name) {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw InvalidSweepException.of(field(name), "must be true or false, was " + value);
        }
        return value.booleanValue();
    }

    List<Long> optLongList(String name) {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw InvalidSweepException.of(field(name), "must be a JSON array, was " + value.getNodeType());
        }
        List<Long> result = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isIntegralNumber() || !item.canConvertToLong()) {
                throw InvalidSweepException.of(field(name) + "[" + i + "]", "must be an integer, was " + item);
            }
            result.add(item.longValue());
        }
        return result;
    }
}
