package io.runwarden.analyzer.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.codec.ProtocolJson;
import io.runwarden.protocol.sweep.InvalidSweepException;
import io.runwarden.protocol.sweep.SweepPolicy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Reads policies. The built-in defaults ({@code default-policy.json}) are the schema: an override may only name
 * fields that exist there, with the same kind of value; everything it names replaces the default (objects are
 * merged field by field, except {@code sweep}, the cross-run pruning policy, which is replaced as a whole and
 * checked by {@link SweepPolicy#fromJson}). Every error names the field, e.g. {@code earlyStopping.patience} or
 * {@code sweep.eta}.
 */
public final class PolicyParser {

    /** The cross-run pruning section: validated by {@link SweepPolicy#fromJson}, replaced as a whole. */
    public static final String SWEEP = "sweep";

    private static final ObjectNode BUILT_IN = loadBuiltIn();

    private final ObjectNode base;
    private final Policy basePolicy;

    private PolicyParser(ObjectNode base) {
        this.base = base;
        this.basePolicy = read(base);
    }

    /** The built-in defaults only. */
    public static PolicyParser builtIn() {
        return new PolicyParser(BUILT_IN.deepCopy());
    }

    /** The built-in defaults with a global policy document (e.g. the analyzer's policy file) merged over them. */
    public static PolicyParser withGlobal(JsonNode global) {
        return new PolicyParser(merge(BUILT_IN, global));
    }

    /** Reads a policy file; a missing or malformed file is an {@link InvalidPolicyException} naming it. */
    public static PolicyParser fromFile(Path file) {
        JsonNode tree;
        try {
            tree = ProtocolJson.mapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new InvalidPolicyException(file.toString(), "cannot read policy file: " + e.getMessage());
        }
        return withGlobal(tree);
    }

    /** The global policy (defaults plus the global document). */
    public Policy defaults() {
        return basePolicy;
    }

    /** The global policy as JSON. */
    public ObjectNode defaultsJson() {
        return base.deepCopy();
    }

    /** A run's policy: its {@code policy} object deep-merged over the global one; null means the global one. */
    public Policy forRun(JsonNode runPolicy) {
        if (runPolicy == null || runPolicy.isNull() || runPolicy.isEmpty()) {
            return basePolicy;
        }
        return read(merge(base, runPolicy));
    }

    private static ObjectNode merge(ObjectNode defaults, JsonNode override) {
        ObjectNode result = defaults.deepCopy();
        if (override == null || override.isNull()) {
            return result;
        }
        if (!override.isObject()) {
            throw new InvalidPolicyException("policy", "must be a JSON object, was " + override.getNodeType());
        }
        mergeInto(result, (ObjectNode) override, "");
        return result;
    }

    private static void mergeInto(ObjectNode target, ObjectNode override, String path) {
        Iterator<Map.Entry<String, JsonNode>> fields = override.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = path + field.getKey();
            JsonNode schema = schemaAt(name);
            if (schema == null) {
                throw new InvalidPolicyException(name, "unknown field");
            }
            JsonNode value = field.getValue();
            if (name.equals(SWEEP)) {
                // A sweep section is a whole SweepPolicy (the shape SweepPolicy.toJson() writes): it replaces the
                // previous one instead of merging, and its own parser checks it strictly.
                sweepPolicy(value);
                target.set(SWEEP, value.deepCopy());
            } else if (schema.isObject()) {
                if (!value.isObject()) {
                    throw new InvalidPolicyException(name, "must be an object, was " + value.getNodeType());
                }
                mergeInto((ObjectNode) target.get(field.getKey()), (ObjectNode) value, name + ".");
            } else {
                target.set(field.getKey(), value);
            }
        }
    }

    /** The cross-run pruning policy of a merged policy tree. */
    private static SweepPolicy sweep(ObjectNode p) {
        return sweepPolicy(p.get(SWEEP));
    }

    private static SweepPolicy sweepPolicy(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidPolicyException(SWEEP, "must be an object, was "
                    + (node == null ? "missing" : node.getNodeType()));
        }
        try {
            return SweepPolicy.fromJson(node, SWEEP);
        } catch (InvalidSweepException e) {
            String field = e.errors().isEmpty() ? SWEEP : e.errors().get(0).field();
            throw new InvalidPolicyException(field, e.errors().isEmpty() ? e.getMessage()
                    : e.errors().get(0).message());
        }
    }

    private static JsonNode schemaAt(String dottedPath) {
        JsonNode node = BUILT_IN;
        for (String part : dottedPath.split("\\.")) {
            node = node == null || !node.isObject() ? null : node.get(part);
        }
        return node;
    }

    private static Policy read(ObjectNode p) {
        Reader r = new Reader(p);
        Policy.Rollback rollback = new Policy.Rollback(r.intAtLeast("rollback.budget", 0),
                r.intAtLeast("rollback.minCheckpointAgeSteps", 0), r.intAtLeast("rollback.maxCheckpoints", 1));
        Policy.NonFinite nonFinite = new Policy.NonFinite(r.bool("nonFinite.enabled"),
                r.factor("nonFinite.lrFactor"), r.intAtLeast("nonFinite.skipBatches", 0));
        Policy.LossSpike lossSpike = new Policy.LossSpike(r.bool("lossSpike.enabled"),
                r.intAtLeast("lossSpike.window", 3), r.intAtLeast("lossSpike.warmupSteps", 3),
                r.positive("lossSpike.threshold"), r.atLeast("lossSpike.minRelativeIncrease", 0),
                r.intAtLeast("lossSpike.persistSteps", 1), r.action("lossSpike.action"),
                r.intAtLeast("lossSpike.checkpointStepsBeforeSpike", 0), r.factor("lossSpike.lrFactor"),
                r.optionalIntAtLeast("lossSpike.skipBatches", 0));
        if (lossSpike.warmupSteps() > lossSpike.window()) {
            throw new InvalidPolicyException("lossSpike.warmupSteps", "must not exceed lossSpike.window ("
                    + lossSpike.window() + "), was " + lossSpike.warmupSteps());
        }
        double alpha = r.positive("divergence.emaAlpha");
        if (alpha > 1) {
            throw new InvalidPolicyException("divergence.emaAlpha", "must be in (0, 1], was " + alpha);
        }
        Policy.Divergence divergence = new Policy.Divergence(r.bool("divergence.enabled"), alpha,
                r.greaterThanOne("divergence.factor"), r.optionalNumber("divergence.absoluteThreshold"),
                r.intAtLeast("divergence.warmupSteps", 0), r.action("divergence.action"));
        String mode = r.text("earlyStopping.mode");
        if (!mode.equals("min") && !mode.equals("max")) {
            throw new InvalidPolicyException("earlyStopping.mode", "must be \"min\" or \"max\", was \"" + mode + "\"");
        }
        String monitor = r.text("earlyStopping.monitor");
        if (monitor.isBlank()) {
            throw new InvalidPolicyException("earlyStopping.monitor", "must not be blank");
        }
        Policy.EarlyStopping earlyStopping = new Policy.EarlyStopping(r.bool("earlyStopping.enabled"), monitor,
                mode.equals("max"), r.intAtLeast("earlyStopping.patience", 1), r.number("earlyStopping.minDelta"),
                r.optionalNumber("earlyStopping.baseline"), r.optionalNumber("earlyStopping.stoppingThreshold"),
                r.optionalNumber("earlyStopping.divergenceThreshold"), r.bool("earlyStopping.checkFinite"),
                r.intAtLeast("earlyStopping.startFromStep", 0), r.bool("earlyStopping.restoreBest"));
        Policy.Memorization memorization = new Policy.Memorization(r.bool("memorization.enabled"),
                r.atLeast("memorization.trainLossFloor", 0), r.intAtLeast("memorization.risingEvals", 1),
                r.action("memorization.action"));
        if (memorization.action() == DetectorAction.ROLLBACK) {
            throw new InvalidPolicyException("memorization.action", "must be \"alert\" or \"stop\"");
        }
        double after = r.positive("noLearning.afterFraction");
        if (after > 1) {
            throw new InvalidPolicyException("noLearning.afterFraction", "must be in (0, 1], was " + after);
        }
        Policy.NoLearning noLearning = new Policy.NoLearning(r.bool("noLearning.enabled"), after,
                r.atLeast("noLearning.minRelativeDecrease", 0));
        Policy.GradExplosion gradExplosion = new Policy.GradExplosion(r.bool("gradExplosion.enabled"),
                r.intAtLeast("gradExplosion.window", 3), r.intAtLeast("gradExplosion.warmupSteps", 3),
                r.greaterThanOne("gradExplosion.factor"), r.intAtLeast("gradExplosion.persistSteps", 1),
                r.action("gradExplosion.action"));
        if (gradExplosion.warmupSteps() > gradExplosion.window()) {
            throw new InvalidPolicyException("gradExplosion.warmupSteps", "must not exceed gradExplosion.window ("
                    + gradExplosion.window() + "), was " + gradExplosion.warmupSteps());
        }
        Policy.Stalled stalled = new Policy.Stalled(r.bool("stalled.enabled"), r.intAtLeast("stalled.timeoutSeconds", 1));
        return new Policy(rollback, nonFinite, lossSpike, divergence, earlyStopping, memorization, noLearning,
                gradExplosion, stalled, sweep(p));
    }

    private static ObjectNode loadBuiltIn() {
        try (InputStream in = PolicyParser.class.getResourceAsStream("default-policy.json")) {
            if (in == null) {
                throw new IllegalStateException("default-policy.json missing from the classpath");
            }
            return (ObjectNode) ProtocolJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Typed access to the merged tree; every failure names the field. */
    private record Reader(ObjectNode root) {

        JsonNode node(String path) {
            JsonNode node = root;
            for (String part : path.split("\\.")) {
                node = node.get(part);
            }
            return node;
        }

        boolean bool(String path) {
            JsonNode n = node(path);
            if (!n.isBoolean()) {
                throw new InvalidPolicyException(path, "must be true or false, was " + n);
            }
            return n.booleanValue();
        }

        String text(String path) {
            JsonNode n = node(path);
            if (!n.isTextual()) {
                throw new InvalidPolicyException(path, "must be a string, was " + n);
            }
            return n.textValue();
        }

        double number(String path) {
            JsonNode n = node(path);
            if (!n.isNumber() || !Double.isFinite(n.doubleValue())) {
                throw new InvalidPolicyException(path, "must be a finite number, was " + n);
            }
            return n.doubleValue();
        }

        Double optionalNumber(String path) {
            JsonNode n = node(path);
            return n == null || n.isNull() ? null : number(path);
        }

        double atLeast(String path, double min) {
            double v = number(path);
            if (v < min) {
                throw new InvalidPolicyException(path, "must be >= " + min + ", was " + v);
            }
            return v;
        }

        double positive(String path) {
            double v = number(path);
            if (v <= 0) {
                throw new InvalidPolicyException(path, "must be > 0, was " + v);
            }
            return v;
        }

        double greaterThanOne(String path) {
            double v = number(path);
            if (v <= 1) {
                throw new InvalidPolicyException(path, "must be > 1, was " + v);
            }
            return v;
        }

        double factor(String path) {
            double v = number(path);
            if (v <= 0 || v > 1) {
                throw new InvalidPolicyException(path, "must be in (0, 1], was " + v);
            }
            return v;
        }

        int intAtLeast(String path, int min) {
            JsonNode n = node(path);
            if (!n.isNumber() || n.doubleValue() != Math.rint(n.doubleValue()) || Math.abs(n.doubleValue()) > Integer.MAX_VALUE) {
                throw new InvalidPolicyException(path, "must be an integer, was " + n);
            }
            int v = n.intValue();
            if (v < min) {
                throw new InvalidPolicyException(path, "must be >= " + min + ", was " + v);
            }
            return v;
        }

        Integer optionalIntAtLeast(String path, int min) {
            JsonNode n = node(path);
            return n == null || n.isNull() ? null : intAtLeast(path, min);
        }

        DetectorAction action(String path) {
            String v = text(path);
            for (DetectorAction a : DetectorAction.values()) {
                if (a.wireName().equals(v.toLowerCase(Locale.ROOT))) {
                    return a;
                }
            }
            throw new InvalidPolicyException(path, "must be \"alert\", \"stop\" or \"rollback\", was \"" + v + "\"");
        }
    }
}
