package io.runwarden.protocol.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.FieldError;
import io.runwarden.protocol.RunSpec;
import io.runwarden.protocol.codec.ProtocolCodec;
import io.runwarden.protocol.codec.ProtocolException;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** RunSpec fields by name: which exist, their types, and a spec with some fields overridden. */
final class SpecFields {

    private static final Map<String, Class<?>> TYPES = new LinkedHashMap<>();

    static {
        for (RecordComponent c : RunSpec.class.getRecordComponents()) {
            TYPES.put(c.getName(), c.getType());
        }
    }

    private SpecFields() {
    }

    static Set<String> names() {
        return new TreeSet<>(TYPES.keySet());
    }

    static boolean exists(String name) {
        return TYPES.containsKey(name);
    }

    static Class<?> type(String name) {
        return TYPES.get(name);
    }

    static boolean numeric(String name) {
        Class<?> t = TYPES.get(name);
        return t == Integer.class || t == Long.class || t == Double.class;
    }

    /** The fields of an axis key: {@code "learningRate"} or {@code "batchSize,gradAccumulation"}. */
    static List<String> axisFields(String axis) {
        return Arrays.stream(axis.split(",")).map(String::trim).toList();
    }

    /**
     * The base spec with {@code overrides} set, read strictly (a wrong type is a ProtocolException naming the
     * field).
     */
    static RunSpec apply(RunSpec base, Map<String, JsonNode> overrides) {
        ObjectNode tree = ProtocolCodec.specToJson(base);
        overrides.forEach(tree::set);
        return ProtocolCodec.specFromJson(tree);
    }

    /** Errors of one value of one field applied to the base, reported under {@code path}. */
    static List<FieldError> checkValue(RunSpec base, String field, JsonNode value, String path) {
        RunSpec spec;
        try {
            spec = apply(base, Map.of(field, value));
        } catch (ProtocolException e) {
            return List.of(new FieldError(path, "is not a valid " + field + ": " + e.getMessage()));
        }
        return spec.validate().stream().filter(err -> err.field().equals(field))
                .map(err -> new FieldError(path, err.message())).toList();
    }
}
