package io.runwarden.protocol.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.RunRequest;

import java.util.List;

/**
 * The run requests of a sweep as every submitter (the dashboard's {@code POST /api/sweeps}, the
 * {@code ./runwarden sweep} CLI) must send them: the member's spec, the sweep's id, and a {@code policy} that
 * carries the sweep's pruning policy to the analyzer under {@value #POLICY_KEY}, next to the spec's single-run
 * policy: {@code {"earlyStopping": {...}, ..., "sweep": {"rule": "median", "metric": "valLoss", ...}}}.
 * A sweep without pruning ({@code rule = none}) sends the single-run policy unchanged (null when there is none).
 */
public final class SweepRequests {

    /** The key of the sweep's pruning policy ({@link SweepPolicy#toJson()}) inside a member's run-request policy. */
    public static final String POLICY_KEY = "sweep";

    private SweepRequests() {
    }

    /** One run request per member, in member order. */
    public static List<RunRequest> of(SweepPlan plan, String submittedBy, long submittedAt) {
        JsonNode policy = memberPolicy(plan.spec());
        return plan.members().stream().map(m -> new RunRequest(m.runId(), m.spec(),
                policy == null ? null : policy.deepCopy(), plan.spec().sweepId(), submittedBy, submittedAt)).toList();
    }

    /** The spec's single-run policy with the pruning policy under {@value #POLICY_KEY} (which wins over a key of
     *  that name in the single-run policy). */
    public static JsonNode memberPolicy(SweepSpec spec) {
        JsonNode single = spec.policy();
        if (SweepPolicy.RULE_NONE.equals(spec.pruning().rule())) {
            return single == null || single.isNull() ? null : single.deepCopy();
        }
        ObjectNode merged = single != null && single.isObject() ? ((ObjectNode) single).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        merged.set(POLICY_KEY, spec.pruning().toJson());
        return merged;
    }

    /** The pruning policy a run request (or a run-started message) carries, or null when it carries none. */
    public static SweepPolicy pruningOf(JsonNode runPolicy) {
        JsonNode node = runPolicy == null ? null : runPolicy.get(POLICY_KEY);
        return node == null || node.isNull() ? null : SweepPolicy.fromJson(node, "policy." + POLICY_KEY);
    }
}
