package io.runwarden.analyzer.sweep;

import io.runwarden.protocol.sweep.SweepPolicy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter Tuning", 2018), in
 * its stopping form (as in Ray Tune's ASHA): nothing waits for stragglers, each member is judged the moment it
 * reaches a rung, against the values recorded at that rung so far.
 *
 * <p>Exact rule. A member's evaluation at step s reaches rung r = the highest rung ≤ s, if r is above every rung the
 * member was recorded at (an evaluation that jumps over several rungs is recorded at the highest only). Its value
 * at that evaluation is recorded at r, arrival number n (itself included). Then, with η the reduction factor:
 * <ul>
 *   <li>n &lt; η: continue — the paper's get_job would find no promotable configuration yet (⌊n/η⌋ = 0) and
 *       pause; a running member cannot be paused, so it continues rather than being stopped on no evidence;</li>
 *   <li>n ≥ η: continue iff its rank among the n values is ≤ ⌊n/η⌋ (the paper's top_k(rung, |rung|/η)), rank 1
 *       being the best, ties going to the earlier arrival; otherwise STOP with the rung, rank, n, ⌊n/η⌋ and the
 *       cutoff (the ⌊n/η⌋-th best value) as evidence.</li>
 * </ul>
 * Decisions depend on arrival order by design: a member is compared with the members that reached the rung before
 * it. Recorded values stay when a member is stopped or fails. Members past the last rung run to completion.
 */
final class AshaRule {

    /** One member's value recorded at a rung, with its arrival number there; JSON {@code [runId, value, seq]}. */
    @com.fasterxml.jackson.annotation.JsonFormat(shape = com.fasterxml.jackson.annotation.JsonFormat.Shape.ARRAY)
    record Entry(String runId, double value, long seq) {
    }

    private AshaRule() {
    }

    /** The rung an evaluation at {@code step} reaches for a member last recorded at {@code highestRung}, or 0. */
    static long rungReached(List<Long> rungs, long step, long highestRung) {
        long reached = 0;
        for (long r : rungs) {
            if (r <= step) {
                reached = r;
            }
        }
        return reached > highestRung ? reached : 0;
    }

    /** Judges {@code arrival}, already appended to {@code recorded} (the rung's entries in arrival order). */
    static SweepDecision decide(String sweepId, SweepPolicy policy, long rung, List<Entry> recorded, Entry arrival,
                                EvalPoint eval, long ts) {
        int n = recorded.size();
        int eta = policy.eta();
        if (n < eta) {
            return null;
        }
        boolean max = policy.maximize();
        int promotable = n / eta;
        int rank = 1;
        for (Entry e : recorded) {
            if (e != arrival && (Rank.better(e.value(), arrival.value(), max)
                    || (e.value() == arrival.value() && e.seq() < arrival.seq()))) {
                rank++;
            }
        }
        if (rank <= promotable) {
            return null;
        }
        List<Double> sorted = new ArrayList<>();
        for (Entry e : recorded) {
            sorted.add(e.value());
        }
        sorted.sort(max ? (a, b) -> Double.compare(b, a) : Double::compare);
        double cutoff = sorted.get(promotable - 1);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("metric", policy.metric());
        evidence.put("mode", policy.mode());
        evidence.put("rung", rung);
        evidence.put("step", eval.step());
        evidence.put("value", arrival.value());
        evidence.put("rank", rank);
        evidence.put("arrivals", n);
        evidence.put("promotable", promotable);
        evidence.put("cutoff", cutoff);
        evidence.put("eta", eta);
        String reason = String.format(java.util.Locale.ROOT,
                "%s %.6g at rung %d ranks %d of %d; only the top %d (1/%d) continue (cutoff %.6g)",
                policy.metric(), arrival.value(), rung, rank, n, promotable, eta, cutoff);
        return new SweepDecision(sweepId, arrival.runId(), SweepDecision.RULE_ASHA, eval.step(), ts,
                arrival.value(), rung, reason, evidence);
    }
}
