package io.runwarden.protocol.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import io.runwarden.protocol.FieldError;
import io.runwarden.protocol.RunSpec;
import io.runwarden.protocol.codec.ProtocolException;
import io.runwarden.protocol.codec.ProtocolJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Expands a {@link SweepSpec} into member runs, deterministically: the same spec (same seed) always gives the
 * same members in the same order with the same run ids.
 *
 * <ol>
 *   <li>Grid: every combination of the axes, the first axis slowest and the last fastest (a tuple axis such as
 *       {@code "batchSize,gradAccumulation"} contributes its tuples as one axis).</li>
 *   <li>Random: for each grid point, {@code samples} draws from one {@code java.util.Random(seed)}, one draw per
 *       field in the spec's field order (so the k-th member's values never depend on later members).</li>
 *   <li>Budget: with more combinations than {@code maxMembers}, a subset chosen by a seeded shuffle, kept in
 *       expansion order; then, with {@code maxTotalSteps}, the longest prefix whose planned {@code maxSteps} fit.</li>
 *   <li>Linear scaling (optional): learning rate × (member's effective batch / base's effective batch).</li>
 *   <li>Each member gets run id {@code <sweepId>-<index>} (index from 0, after the budget) and is validated;
 *       errors name the member and the field.</li>
 * </ol>
 */
public final class SweepExpander {

    /** Hard cap on a sweep's members (and the analyzer's per-sweep state). */
    public static final int MAX_MEMBERS = 512;
    private static final long MAX_COMBINATIONS = 1_000_000;

    private SweepExpander() {
    }

    public static SweepPlan expand(SweepSpec spec) {
        long combinations = combinations(spec);
        Integer maxMembers = spec.budget().maxMembers();
        if (combinations > MAX_COMBINATIONS) {
            throw InvalidSweepException.of(spec.grid().isEmpty() ? "random.samples" : "grid", "expands to "
                    + combinations + " combinations, more than " + MAX_COMBINATIONS);
        }
        if (maxMembers == null && combinations > MAX_MEMBERS) {
            throw InvalidSweepException.of("budget.maxMembers", "the sweep expands to " + combinations
                    + " members, more than " + MAX_MEMBERS + "; set budget.maxMembers to run a subset");
        }
        List<Map<String, JsonNode>> points = points(spec);
        List<Map<String, JsonNode>> chosen = maxMembers != null && points.size() > maxMembers
                ? seededSubset(points, maxMembers, spec.seed()) : points;

        List<FieldError> errors = new ArrayList<>();
        List<SweepMember> members = new ArrayList<>();
        int baseBatch = spec.base().effectiveBatch();
        for (int i = 0; i < chosen.size(); i++) {
            String runId = spec.sweepId() + "-" + i;
            String where = "members[" + i + "] " + runId + ": ";
            Map<String, JsonNode> overrides = new LinkedHashMap<>(chosen.get(i));
            RunSpec memberSpec;
            try {
                memberSpec = SpecFields.apply(spec.base(), overrides);
            } catch (ProtocolException e) {
                errors.add(new FieldError(where + e.field(), e.getMessage()));
                continue;
            }
            if (spec.linearScaling()) {
                int memberBatch = memberSpec.effectiveBatch();
                if (memberBatch != baseBatch) {
                    double lr = memberSpec.withDefaults().learningRate() * memberBatch / baseBatch;
                    overrides.put("learningRate", DoubleNode.valueOf(lr));
                    memberSpec = SpecFields.apply(spec.base(), overrides);
                }
            }
            for (FieldError e : memberSpec.validate()) {
                errors.add(new FieldError(where + e.field(), e.message()));
            }
            members.add(new SweepMember(i, runId, memberSpec, hyperparameters(overrides)));
        }
        if (!errors.isEmpty()) {
            throw new InvalidSweepException(errors);
        }
        Long maxTotalSteps = spec.budget().maxTotalSteps();
        if (maxTotalSteps != null) {
            members = capByTotalSteps(members, maxTotalSteps);
        }
        return new SweepPlan(spec, members, points.size());
    }

    private static long combinations(SweepSpec spec) {
        long n = 1;
        for (List<JsonNode> values : spec.grid().values()) {
            n = saturatingMultiply(n, values.size());
        }
        return saturatingMultiply(n, Math.max(1, spec.randomSamples()));
    }

    private static long saturatingMultiply(long a, long b) {
        long r = a * b;
        return a != 0 && (r / a != b || r > Long.MAX_VALUE / 2) ? Long.MAX_VALUE / 2 : r;
    }

    /** Grid points × random samples, each as field → JSON value. */
    private static List<Map<String, JsonNode>> points(SweepSpec spec) {
        List<Map<String, JsonNode>> gridPoints = new ArrayList<>();
        gridPoints.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<JsonNode>> axis : spec.grid().entrySet()) {
            List<String> fields = SpecFields.axisFields(axis.getKey());
            List<Map<String, JsonNode>> next = new ArrayList<>();
            for (Map<String, JsonNode> point : gridPoints) {
                for (JsonNode value : axis.getValue()) {
                    Map<String, JsonNode> p = new LinkedHashMap<>(point);
                    if (fields.size() == 1) {
                        p.put(fields.get(0), value);
                    } else {
                        for (int k = 0; k < fields.size(); k++) {
                            p.put(fields.get(k), value.get(k));
                        }
                    }
                    next.add(p);
                }
            }
            gridPoints = next;
        }
        if (spec.randomSamples() == 0) {
            return gridPoints;
        }
        Random random = new Random(spec.seed());
        List<Map<String, JsonNode>> result = new ArrayList<>();
        for (Map<String, JsonNode> point : gridPoints) {
            for (int s = 0; s < spec.randomSamples(); s++) {
                Map<String, JsonNode> p = new LinkedHashMap<>(point);
                spec.random().forEach((field, d) -> p.put(field, d.sample(random, SpecFields.type(field))));
                result.add(p);
            }
        }
        return result;
    }

    /** {@code n} of the points chosen by a seeded Fisher–Yates shuffle, returned in their original order. */
    private static <T> List<T> seededSubset(List<T> points, int n, long seed) {
        int[] order = new int[points.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // A stream distinct from the sampling draws, so changing maxMembers never changes drawn values.
        Random random = new Random(seed ^ 0x5DEECE66DL ^ 0xB0D6E7L);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] picked = java.util.Arrays.copyOf(order, n);
        java.util.Arrays.sort(picked);
        List<T> result = new ArrayList<>();
        for (int index : picked) {
            result.add(points.get(index));
        }
        return result;
    }

    private static List<SweepMember> capByTotalSteps(List<SweepMember> members, long maxTotalSteps) {
        List<FieldError> errors = new ArrayList<>();
        for (SweepMember m : members) {
            if (m.spec().maxSteps() == null) {
                errors.add(new FieldError("members[" + m.index() + "] " + m.runId() + ": maxSteps",
                        "budget.maxTotalSteps needs every member's maxSteps (an epoch's length is only known to "
                                + "the agent)"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidSweepException(errors);
        }
        List<SweepMember> kept = new ArrayList<>();
        long total = 0;
        for (SweepMember m : members) {
            total += m.spec().maxSteps();
            if (total > maxTotalSteps) {
                break;
            }
            kept.add(m);
        }
        if (kept.isEmpty()) {
            throw InvalidSweepException.of("budget.maxTotalSteps", "is " + maxTotalSteps
                    + ", less than the first member's maxSteps " + members.get(0).spec().maxSteps());
        }
        return kept;
    }

    private static Map<String, Object> hyperparameters(Map<String, JsonNode> overrides) {
        Map<String, Object> result = new LinkedHashMap<>();
        overrides.forEach((field, value) -> result.put(field, ProtocolJson.mapper().convertValue(value,
                Object.class)));
        return result;
    }
}
