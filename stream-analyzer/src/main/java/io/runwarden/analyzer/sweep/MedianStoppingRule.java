package io.runwarden.analyzer.sweep;

import io.runwarden.protocol.sweep.SweepPolicy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The median stopping rule (Golovin et al., Google Vizier, 2017; Katib and Ray Tune's {@code MedianStoppingRule}).
 * At member m's evaluation at step s:
 * <ol>
 *   <li>no decision while s &lt; {@code graceSteps}, or while m has made at most {@code graceEvals} evaluations up
 *       to s (its first ones are exempt);</li>
 *   <li>the other members counted are those whose curve reaches s (an evaluation at a step ≥ s) — running, pruned,
 *       finished or failed alike, their curves are history — with at least one value at a step ≤ s; each
 *       contributes its running average, the mean of its values at steps ≤ s;</li>
 *   <li>no decision with fewer than {@code minMembers} such members;</li>
 *   <li>stop m when its best value at steps ≤ s is strictly worse than the median of those running averages
 *       (the mean of the two middle ones for an even count).</li>
 * </ol>
 */
final class MedianStoppingRule {

    static final int EVIDENCE_IDS = 16;

    private MedianStoppingRule() {
    }

    static SweepDecision decide(String sweepId, SweepPolicy policy, MemberCurve member, Collection<MemberCurve> all,
                                EvalPoint eval, long ts) {
        long s = eval.step();
        boolean max = policy.maximize();
        if (s < policy.graceSteps() || member.evalsUpTo(s) <= policy.graceEvals()) {
            return null;
        }
        List<String> counted = new ArrayList<>();
        List<Double> averages = new ArrayList<>();
        for (MemberCurve other : all) {
            if (other == member) {
                continue;
            }
            Long last = other.lastStep();
            Double mean = last != null && last >= s ? other.runningMean(s) : null;
            if (mean != null) {
                counted.add(other.runId());
                averages.add(mean);
            }
        }
        if (averages.size() < policy.minMembers()) {
            return null;
        }
        double median = median(averages);
        EvalPoint best = member.bestUpTo(s, max);
        if (best == null || !Rank.worse(best.value(), median, max)) {
            return null;
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("metric", policy.metric());
        evidence.put("mode", policy.mode());
        evidence.put("step", s);
        evidence.put("value", eval.value());
        evidence.put("bestValue", best.value());
        evidence.put("bestStep", best.step());
        evidence.put("median", median);
        evidence.put("membersCounted", counted.size());
        // The ids of the members counted, the first EVIDENCE_IDS of them: evidence stays small in a big sweep.
        evidence.put("members", counted.size() <= EVIDENCE_IDS ? counted : List.copyOf(counted.subList(0,
                EVIDENCE_IDS)));
        evidence.put("minMembers", policy.minMembers());
        String reason = String.format(java.util.Locale.ROOT,
                "best %s %.6g up to step %d is %s than the median %.6g of %d other members' running averages",
                policy.metric(), best.value(), s, max ? "lower" : "higher", median, counted.size());
        return new SweepDecision(sweepId, member.runId(), SweepDecision.RULE_MEDIAN, s, ts, eval.value(), null,
                reason, evidence);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
