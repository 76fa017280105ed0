package io.runwarden.dashboard.state;

import io.runwarden.protocol.sweep.SweepSummary;

/** One row of the sweep list: the counts, the winner so far and the steps saved, without the members. */
public record SweepListItem(String sweepId, String rule, int memberCount, int running, int pruned, int finished,
                            SweepSummary.Winner winner, long gpuStepsSaved, long updatedAt) {

    static SweepListItem of(SweepSummary s, long updatedAt) {
        return new SweepListItem(s.sweepId(), s.rule(), s.memberCount(), s.running(), s.pruned(), s.finished(),
                s.winner(), s.gpuStepsSaved(), updatedAt);
    }
}
