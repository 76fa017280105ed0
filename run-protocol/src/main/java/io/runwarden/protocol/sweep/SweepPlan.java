package io.runwarden.protocol.sweep;

import io.runwarden.protocol.RunRequest;

import java.util.List;

/**
 * A sweep expanded into members. {@code expanded} counts the combinations before the budget; the difference to
 * {@code members.size()} is what the budget dropped.
 */
public record SweepPlan(SweepSpec spec, List<SweepMember> members, int expanded) {

    public SweepPlan {
        members = List.copyOf(members);
    }

    public int droppedByBudget() {
        return expanded - members.size();
    }

    /** One run request per member, in member order, all carrying the sweep's id and single-run policy. */
    public List<RunRequest> runRequests(String submittedBy, long submittedAt) {
        return members.stream().map(m -> new RunRequest(m.runId(), m.spec(), spec.policy(), spec.sweepId(),
                submittedBy, submittedAt)).toList();
    }
}
