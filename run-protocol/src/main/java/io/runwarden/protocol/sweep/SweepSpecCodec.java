package io.runwarden.protocol.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.FieldError;
import io.runwarden.protocol.RunSpec;
import io.runwarden.protocol.codec.ProtocolCodec;
import io.runwarden.protocol.codec.ProtocolException;
import io.runwarden.protocol.codec.ProtocolJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * JSON ↔ {@link SweepSpec}. Strict like a run spec: an unknown field, a wrong type or an impossible value is an
 * {@link InvalidSweepException} naming the field by its path ({@code grid.learningRate[2]},
 * {@code random.warmupRatio.uniform}, {@code pruning.eta}).
 */
public final class SweepSpecCodec {

    static final Set<String> FIELDS = Set.of("sweepId", "base", "grid", "random", "seed", "budget",
            "linearScaling", "pruning", "policy");
    private static final Pattern SWEEP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    /** Default seed of the random draws when neither the sweep nor its base sets one. */
    public static final long DEFAULT_SEED = 42L;

    private SweepSpecCodec() {
    }

    public static SweepSpec fromFile(Path file) throws IOException {
        return fromJson(Files.readString(file));
    }

    public static SweepSpec fromJson(String json) {
        JsonNode node;
        try {
            node = ProtocolJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw InvalidSweepException.of("(spec)", "malformed JSON: " + e.getOriginalMessage());
        }
        return fromTree(node);
    }

    public static SweepSpec fromTree(JsonNode node) {
        SweepJson f = new SweepJson(node, "", new java.util.TreeSet<>(FIELDS));
        String sweepId = f.optString("sweepId");
        if (sweepId == null) {
            throw InvalidSweepException.of("sweepId", "is required but missing");
        }
        if (!SWEEP_ID.matcher(sweepId).matches()) {
            throw InvalidSweepException.of("sweepId", "must be 1-100 characters of letters, digits, '.', '_', '-' "
                    + "starting with a letter or digit, was '" + sweepId + "'");
        }
        RunSpec base = readBase(f.get("base"));
        Map<String, List<JsonNode>> grid = readGrid(f.get("grid"), base);
        JsonNode randomNode = f.get("random");
        int samples = 0;
        Map<String, Distribution> random = new LinkedHashMap<>();
        if (randomNode != null) {
            samples = readRandom(randomNode, base, random);
        }
        Set<String> seen = new HashSet<>();
        for (String axis : grid.keySet()) {
            for (String field : SpecFields.axisFields(axis)) {
                if (!seen.add(field)) {
                    throw InvalidSweepException.of("grid." + axis, "field '" + field + "' is varied twice");
                }
            }
        }
        for (String field : random.keySet()) {
            if (!seen.add(field)) {
                throw InvalidSweepException.of("random." + field, "is also on the grid; vary a field one way");
            }
        }
        Long seed = f.optLong("seed");
        SweepBudget budget = readBudget(f.get("budget"));
        boolean linearScaling = Boolean.TRUE.equals(f.optBoolean("linearScaling"));
        SweepPolicy pruning = SweepPolicy.fromJson(f.get("pruning"), "pruning");
        JsonNode policy = f.get("policy");
        if (policy != null && !policy.isObject()) {
            throw InvalidSweepException.of("policy", "must be a JSON object (the single-run stop policy), was "
                    + policy.getNodeType());
        }
        long effectiveSeed = seed != null ? seed : base.seed() != null ? base.seed() : DEFAULT_SEED;
        return new SweepSpec(sweepId, base, grid, samples, random, effectiveSeed, budget, linearScaling, pruning,
                policy);
    }

    public static ObjectNode toJson(SweepSpec spec) {
        ObjectNode node = ProtocolJson.mapper().createObjectNode();
        node.put("sweepId", spec.sweepId());
        node.set("base", ProtocolCodec.specToJson(spec.base()));
        if (!spec.grid().isEmpty()) {
            ObjectNode grid = node.putObject("grid");
            spec.grid().forEach((axis, values) -> grid.putArray(axis).addAll(values));
        }
        if (spec.randomSamples() > 0) {
            ObjectNode random = node.putObject("random");
            random.put("samples", spec.randomSamples());
            spec.random().forEach((field, d) -> random.set(field, d.toJson()));
        }
        node.put("seed", spec.seed());
        node.set("budget", ProtocolJson.mapper().valueToTree(spec.budget()));
        node.put("linearScaling", spec.linearScaling());
        node.set("pruning", spec.pruning().toJson());
        if (spec.policy() != null) {
            node.set("policy", spec.policy());
        }
        return node;
    }

    private static RunSpec readBase(JsonNode node) {
        if (node == null) {
            return new RunSpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        }
        RunSpec base;
        try {
            base = ProtocolCodec.specFromJson(node);
        } catch (ProtocolException e) {
            throw InvalidSweepException.of(e.field() == null ? "base" : "base." + e.field(), stripField(e));
        }
        List<FieldError> errors = base.validate().stream()
                .map(err -> new FieldError("base." + err.field(), err.message())).toList();
        if (!errors.isEmpty()) {
            throw new InvalidSweepException(errors);
        }
        return base;
    }

    private static Map<String, List<JsonNode>> readGrid(JsonNode node, RunSpec base) {
        Map<String, List<JsonNode>> grid = new LinkedHashMap<>();
        if (node == null) {
            return grid;
        }
        if (!node.isObject()) {
            throw InvalidSweepException.of("grid", "must be a JSON object of field → values, was "
                    + node.getNodeType());
        }
        List<FieldError> errors = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> axes = node.fields();
        while (axes.hasNext()) {
            Map.Entry<String, JsonNode> axis = axes.next();
            String path = "grid." + axis.getKey();
            List<String> fields = SpecFields.axisFields(axis.getKey());
            for (String field : fields) {
                if (!SpecFields.exists(field)) {
                    throw InvalidSweepException.of(path, "unknown run spec field '" + field + "'; known fields are "
                            + SpecFields.names());
                }
            }
            JsonNode values = axis.getValue();
            if (!values.isArray() || values.isEmpty()) {
                throw InvalidSweepException.of(path, "must be a non-empty JSON array of values");
            }
            List<JsonNode> list = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                JsonNode value = values.get(i);
                String itemPath = path + "[" + i + "]";
                if (fields.size() == 1) {
                    errors.addAll(SpecFields.checkValue(base, fields.get(0), value, itemPath));
                } else if (!value.isArray() || value.size() != fields.size()) {
                    errors.add(new FieldError(itemPath, "must be an array of " + fields.size() + " values "
                            + fields + ", was " + value));
                } else {
                    for (int k = 0; k < fields.size(); k++) {
                        errors.addAll(SpecFields.checkValue(base, fields.get(k), value.get(k),
                                itemPath + "[" + k + "] (" + fields.get(k) + ")"));
                    }
                }
                list.add(value);
            }
            grid.put(axis.getKey(), list);
        }
        if (!errors.isEmpty()) {
            throw new InvalidSweepException(errors);
        }
        return grid;
    }

    private static int readRandom(JsonNode node, RunSpec base, Map<String, Distribution> out) {
        if (!node.isObject()) {
            throw InvalidSweepException.of("random", "must be a JSON object: {\"samples\": N, field: distribution}");
        }
        JsonNode samplesNode = node.get("samples");
        if (samplesNode == null || !samplesNode.isIntegralNumber() || samplesNode.asLong() < 1
                || samplesNode.asLong() > 100_000) {
            throw InvalidSweepException.of("random.samples", "must be an integer in [1, 100000], was "
                    + samplesNode);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String field = entry.getKey();
            if (field.equals("samples")) {
                continue;
            }
            String path = "random." + field;
            if (!SpecFields.exists(field)) {
                throw InvalidSweepException.of(path, "unknown run spec field; known fields are "
                        + SpecFields.names());
            }
            out.put(field, readDistribution(entry.getValue(), field, path, base));
        }
        if (out.isEmpty()) {
            throw InvalidSweepException.of("random", "names no field to draw");
        }
        return samplesNode.intValue();
    }

    private static Distribution readDistribution(JsonNode node, String field, String path, RunSpec base) {
        if (!node.isObject() || node.size() != 1) {
            throw InvalidSweepException.of(path, "must be one of {\"logUniform\": [min, max]}, "
                    + "{\"uniform\": [min, max]}, {\"choice\": [values...]}");
        }
        String kind = node.fieldNames().next();
        JsonNode args = node.get(kind);
        String argPath = path + "." + kind;
        switch (kind) {
            case Distribution.CHOICE -> {
                if (!args.isArray() || args.isEmpty()) {
                    throw InvalidSweepException.of(argPath, "must be a non-empty JSON array of values");
                }
                List<FieldError> errors = new ArrayList<>();
                List<JsonNode> values = new ArrayList<>();
                for (int i = 0; i < args.size(); i++) {
                    errors.addAll(SpecFields.checkValue(base, field, args.get(i), argPath + "[" + i + "]"));
                    values.add(args.get(i));
                }
                if (!errors.isEmpty()) {
                    throw new InvalidSweepException(errors);
                }
                return Distribution.choice(values);
            }
            case Distribution.LOG_UNIFORM, Distribution.UNIFORM -> {
                if (!SpecFields.numeric(field)) {
                    throw InvalidSweepException.of(argPath, field + " is not numeric; use {\"choice\": [...]}");
                }
                if (!args.isArray() || args.size() != 2 || !args.get(0).isNumber() || !args.get(1).isNumber()) {
                    throw InvalidSweepException.of(argPath, "must be [min, max], was " + args);
                }
                double min = args.get(0).doubleValue();
                double max = args.get(1).doubleValue();
                if (!(Double.isFinite(min) && Double.isFinite(max) && min <= max)) {
                    throw InvalidSweepException.of(argPath, "needs finite min <= max, was " + args);
                }
                if (kind.equals(Distribution.LOG_UNIFORM) && !(min > 0)) {
                    throw InvalidSweepException.of(argPath, "logUniform needs min > 0, was " + min);
                }
                Distribution d = kind.equals(Distribution.LOG_UNIFORM) ? Distribution.logUniform(min, max)
                        : Distribution.uniform(min, max);
                // Both ends must be valid values of the field (e.g. warmupRatio < 1).
                List<FieldError> errors = new ArrayList<>();
                errors.addAll(SpecFields.checkValue(base, field, endpoint(min, field), argPath + "[0]"));
                errors.addAll(SpecFields.checkValue(base, field, endpoint(max, field), argPath + "[1]"));
                if (!errors.isEmpty()) {
                    throw new InvalidSweepException(errors);
                }
                return d;
            }
            default -> throw InvalidSweepException.of(path + "." + kind, "unknown distribution; use logUniform, "
                    + "uniform or choice");
        }
    }

    private static JsonNode endpoint(double value, String field) {
        Class<?> type = SpecFields.type(field);
        if (type == Integer.class || type == Long.class) {
            return ProtocolJson.mapper().getNodeFactory().numberNode(Math.round(value));
        }
        return ProtocolJson.mapper().getNodeFactory().numberNode(value);
    }

    private static SweepBudget readBudget(JsonNode node) {
        if (node == null) {
            return SweepBudget.unlimited();
        }
        SweepJson f = new SweepJson(node, "budget", new java.util.TreeSet<>(Set.of("maxMembers", "maxTotalSteps")));
        Integer maxMembers = f.optInt("maxMembers");
        if (maxMembers != null && (maxMembers < 1 || maxMembers > SweepExpander.MAX_MEMBERS)) {
            throw InvalidSweepException.of("budget.maxMembers", "must be in [1, " + SweepExpander.MAX_MEMBERS
                    + "], was " + maxMembers);
        }
        Long maxTotalSteps = f.optLong("maxTotalSteps");
        if (maxTotalSteps != null && maxTotalSteps < 1) {
            throw InvalidSweepException.of("budget.maxTotalSteps", "must be >= 1, was " + maxTotalSteps);
        }
        return new SweepBudget(maxMembers, maxTotalSteps);
    }

    private static String stripField(ProtocolException e) {
        String message = e.getMessage();
        String prefix = "field '" + e.field() + "': ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}
