package io.runwarden.protocol.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.codec.ProtocolException;
import io.runwarden.protocol.codec.ProtocolJson;

import java.util.List;
import java.util.Map;

/**
 * A sweep as the dashboard shows it: every member with its varied hyperparameters, status, best value and, for a
 * pruned member, where and why; the winner so far and the GPU steps pruning saved. Built by the analyzer's sweep
 * state; plain data, JSON both ways.
 *
 * @param gpuStepsSaved sum over pruned members of (planned total steps − step at the prune)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepSummary(String sweepId, String rule, String metric, String mode, int memberCount, int running,
                           int pruned, int finished, Winner winner, long gpuStepsSaved, List<Member> members) {

    public SweepSummary {
        members = members == null ? List.of() : List.copyOf(members);
    }

    /** The member with the best value so far (ties: the earlier step, then the smaller run id). */
    public record Winner(String runId, double value, long step) {
    }

    /**
     * @param status one of {@code running}, {@code pruned}, {@code completed}, {@code stopped}, {@code failed}
     * @param stepsSaved for a pruned member with a known total: totalSteps − the step of the prune
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Member(String runId, Map<String, Object> hyperparameters, String status, Long totalSteps,
                         Long lastStep, Double lastValue, Double bestValue, Long bestStep, int evals, Prune prune,
                         Long stepsSaved) {
    }

    /** Why a member was pruned: the rule, the step, the ASHA rung (null for the median rule) and the evidence. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Prune(String rule, long step, Long rung, String reason, Map<String, Object> evidence) {
    }

    public ObjectNode toJson() {
        return ProtocolJson.mapper().valueToTree(this);
    }

    public static SweepSummary fromJson(String json) {
        try {
            return ProtocolJson.mapper().readValue(json, SweepSummary.class);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(null, "unreadable sweep summary: " + e.getOriginalMessage(), e);
        }
    }
}
