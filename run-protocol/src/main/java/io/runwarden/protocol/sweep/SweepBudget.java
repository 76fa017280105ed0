package io.runwarden.protocol.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Caps on a sweep's size. {@code maxMembers}: at most this many members (a seeded subset of the expansion, in
 * expansion order, when there are more). {@code maxTotalSteps}: the members, in order, whose planned
 * {@code maxSteps} add up to at most this (every member must then set {@code maxSteps}). Null means no cap.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepBudget(Integer maxMembers, Long maxTotalSteps) {

    public static SweepBudget unlimited() {
        return new SweepBudget(null, null);
    }
}
