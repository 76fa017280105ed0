package io.runwarden.protocol.sweep;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.EvalResult;
import io.runwarden.protocol.codec.ProtocolJson;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a sweep prunes its members across runs (the {@code pruning} object of a sweep spec). Every field has a
 * default; {@link #fromJson} rejects unknown fields and bad values naming the field.
 *
 * @param rule       {@code median} (median stopping rule), {@code asha} (asynchronous successive halving) or
 *                   {@code none}
 * @param metric     {@code valLoss}, or the name of a value in an eval's {@code metrics}
 * @param mode       {@code min} (lower is better, the default) or {@code max}
 * @param minMembers median rule: how many other members must have reached the step (default 3)
 * @param graceSteps median rule: no decision at evaluations before this step (default 0)
 * @param graceEvals median rule: each member's first N evaluations are exempt (default 1)
 * @param rungs      ASHA: the rung steps; when absent, {@code minSteps × eta^k} for k = 0 … maxRungs − 1
 * @param minSteps   ASHA: the first rung when {@code rungs} is absent
 * @param eta        ASHA: the reduction factor η (default 3): the top 1/η of a rung continues
 * @param maxRungs   ASHA: how many rungs {@code minSteps} generates (default 3)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepPolicy(String rule, String metric, String mode, int minMembers, long graceSteps, int graceEvals,
                          List<Long> rungs, Long minSteps, int eta, int maxRungs) {

    public static final String RULE_MEDIAN = "median";
    public static final String RULE_ASHA = "asha";
    public static final String RULE_NONE = "none";
    public static final Set<String> RULES = Set.of(RULE_MEDIAN, RULE_ASHA, RULE_NONE);
    public static final String METRIC_VAL_LOSS = "valLoss";
    /** Most rungs a policy may have (bounds the analyzer's per-sweep state). */
    public static final int MAX_RUNGS = 20;
    public static final Set<String> FIELDS = new TreeSet<>(Set.of("rule", "metric", "mode", "minMembers",
            "graceSteps", "graceEvals", "rungs", "minSteps", "eta", "maxRungs"));

    public SweepPolicy {
        rungs = rungs == null ? null : List.copyOf(rungs);
    }

    /** The median rule on {@code valLoss} with every default. */
    public static SweepPolicy medianDefaults() {
        return new SweepPolicy(RULE_MEDIAN, METRIC_VAL_LOSS, "min", 3, 0, 1, null, null, 3, 3);
    }

    /** ASHA on {@code valLoss} with the given rungs and η. */
    public static SweepPolicy asha(List<Long> rungs, int eta) {
        return new SweepPolicy(RULE_ASHA, METRIC_VAL_LOSS, "min", 3, 0, 1, rungs, null, eta, 3);
    }

    public static SweepPolicy none() {
        return new SweepPolicy(RULE_NONE, METRIC_VAL_LOSS, "min", 3, 0, 1, null, null, 3, 3);
    }

    public SweepPolicy withMode(String newMode) {
        return new SweepPolicy(rule, metric, newMode, minMembers, graceSteps, graceEvals, rungs, minSteps, eta,
                maxRungs);
    }

    public SweepPolicy withMetric(String newMetric) {
        return new SweepPolicy(rule, newMetric, mode, minMembers, graceSteps, graceEvals, rungs, minSteps, eta,
                maxRungs);
    }

    public SweepPolicy withMedian(int newMinMembers, long newGraceSteps, int newGraceEvals) {
        return new SweepPolicy(rule, metric, mode, newMinMembers, newGraceSteps, newGraceEvals, rungs, minSteps, eta,
                maxRungs);
    }

    @JsonIgnore
    public boolean maximize() {
        return "max".equals(mode);
    }

    /** The value this policy judges in an eval, or null when the eval does not carry it. */
    public Double valueOf(EvalResult eval) {
        return METRIC_VAL_LOSS.equals(metric) ? Double.valueOf(eval.valLoss()) : eval.metrics().get(metric);
    }

    /** ASHA's rung steps, ascending and distinct. */
    @JsonIgnore
    public List<Long> ashaRungs() {
        if (rungs != null) {
            return List.copyOf(new TreeSet<>(rungs));
        }
        List<Long> generated = new ArrayList<>();
        if (minSteps != null) {
            long r = minSteps;
            for (int k = 0; k < maxRungs; k++) {
                generated.add(r);
                r = Math.multiplyExact(r, (long) eta);
            }
        }
        return generated;
    }

    /** Reads a {@code pruning} object; {@code path} prefixes field names in errors. A null node is {@code none}. */
    public static SweepPolicy fromJson(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return none();
        }
        SweepJson f = new SweepJson(node, path, FIELDS);
        String rule = or(f.optString("rule"), RULE_MEDIAN);
        if (!RULES.contains(rule)) {
            throw InvalidSweepException.of(f.field("rule"), "must be one of " + new TreeSet<>(RULES) + ", was '"
                    + rule + "'");
        }
        String metric = or(f.optString("metric"), METRIC_VAL_LOSS);
        if (metric.isBlank()) {
            throw InvalidSweepException.of(f.field("metric"), "must not be blank");
        }
        String mode = or(f.optString("mode"), "min");
        if (!mode.equals("min") && !mode.equals("max")) {
            throw InvalidSweepException.of(f.field("mode"), "must be 'min' or 'max', was '" + mode + "'");
        }
        int minMembers = or(f.optInt("minMembers"), 3);
        atLeast(f, "minMembers", minMembers, 1);
        long graceSteps = or(f.optLong("graceSteps"), 0L);
        atLeast(f, "graceSteps", graceSteps, 0);
        int graceEvals = or(f.optInt("graceEvals"), 1);
        atLeast(f, "graceEvals", graceEvals, 0);
        List<Long> rungs = f.optLongList("rungs");
        if (rungs != null) {
            if (rungs.isEmpty() || rungs.size() > MAX_RUNGS) {
                throw InvalidSweepException.of(f.field("rungs"), "must name 1 to " + MAX_RUNGS
                        + " rung steps, named " + rungs.size());
            }
            for (int i = 0; i < rungs.size(); i++) {
                if (rungs.get(i) <= 0) {
                    throw InvalidSweepException.of(f.field("rungs") + "[" + i + "]", "must be > 0, was "
                            + rungs.get(i));
                }
            }
        }
        Long minSteps = f.optLong("minSteps");
        if (minSteps != null) {
            atLeast(f, "minSteps", minSteps, 1);
        }
        int eta = or(f.optInt("eta"), 3);
        atLeast(f, "eta", eta, 2);
        int maxRungs = or(f.optInt("maxRungs"), 3);
        atLeast(f, "maxRungs", maxRungs, 1);
        if (maxRungs > MAX_RUNGS) {
            throw InvalidSweepException.of(f.field("maxRungs"), "must be <= " + MAX_RUNGS + ", was " + maxRungs);
        }
        if (RULE_ASHA.equals(rule) && rungs == null && minSteps == null) {
            throw InvalidSweepException.of(f.field("rungs"), "rule 'asha' needs 'rungs' (e.g. [25, 50, 100]) or "
                    + "'minSteps' (rungs at minSteps × eta^k)");
        }
        if (RULE_ASHA.equals(rule) && rungs != null && minSteps != null) {
            throw InvalidSweepException.of(f.field("minSteps"), "give either 'rungs' or 'minSteps', not both");
        }
        return new SweepPolicy(rule, metric, mode, minMembers, graceSteps, graceEvals, rungs, minSteps, eta,
                maxRungs);
    }

    public static SweepPolicy fromJson(String json) {
        try {
            return fromJson(ProtocolJson.mapper().readTree(json), "");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw InvalidSweepException.of("(policy)", "malformed JSON: " + e.getOriginalMessage());
        }
    }

    public ObjectNode toJson() {
        return ProtocolJson.mapper().valueToTree(this);
    }

    private static void atLeast(SweepJson f, String name, long value, long min) {
        if (value < min) {
            throw InvalidSweepException.of(f.field(name), "must be >= " + min + ", was " + value);
        }
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
