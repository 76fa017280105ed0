package io.runwarden.analyzer.sweep;

import com.fasterxml.jackson.annotation.JsonAutoDetect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One member's learning curve at its evaluation steps, bounded: at most {@code capacity} points are kept, sorted
 * by step; older points are folded into a running aggregate (count, sum, best). Queries at a step at or after the
 * fold boundary are exact; earlier steps are answered as unknown ({@code null}), never approximated.
 *
 * <p>Points are keyed by step: the same (step, value) again is a duplicate and changes nothing; a different value
 * at a known step replaces the old one (a re-evaluation), so nothing is ever counted twice.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
final class MemberCurve {

    enum Insert { ADDED, REPLACED, DUPLICATE, TOO_OLD }

    private String runId;
    private MemberStatus status = MemberStatus.RUNNING;
    private Long totalSteps;
    private Map<String, Object> hyperparameters = new LinkedHashMap<>();
    private List<EvalPoint> points = new ArrayList<>();
    /** Aggregate of the points folded away, all at steps <= foldedThrough. */
    private int foldCount;
    private double foldSum;
    private Double foldBest;
    private Long foldBestStep;
    private Long foldedThrough;
    /** Highest ASHA rung this member has been recorded at (0: none). */
    private long highestRung;
    private Prune prune;

    /** Why and where the member was pruned, kept for the summary. */
    record Prune(String rule, long step, Long rung, String reason, Map<String, Object> evidence) {
    }

    private MemberCurve() {
    }

    MemberCurve(String runId) {
        this.runId = runId;
    }

    Insert insert(EvalPoint p, int capacity, boolean maximize) {
        if (foldedThrough != null && p.step() <= foldedThrough) {
            return Insert.TOO_OLD;
        }
        int i = indexOf(p.step());
        if (i >= 0) {
            if (Double.compare(points.get(i).value(), p.value()) == 0) {
                return Insert.DUPLICATE;
            }
            points.set(i, p);
            return Insert.REPLACED;
        }
        points.add(-i - 1, p);
        while (points.size() > capacity) {
            EvalPoint oldest = points.remove(0);
            foldCount++;
            foldSum += oldest.value();
            if (foldBest == null || Rank.better(oldest.value(), foldBest, maximize)) {
                foldBest = oldest.value();
                foldBestStep = oldest.step();
            }
            foldedThrough = oldest.step();
        }
        return Insert.ADDED;
    }

    /** Forgets the points after {@code step}: a rollback abandoned that part of the trajectory. */
    void truncateAfter(long step) {
        points.removeIf(p -> p.step() > step);
    }

    /** Number of evaluations at steps <= {@code step}, folded ones included. */
    int evalsUpTo(long step) {
        int n = foldCount;
        for (EvalPoint p : points) {
            if (p.step() <= step) {
                n++;
            }
        }
        return n;
    }

    /** Mean of the values at steps <= {@code step}; null when none, or when the fold makes it inexact. */
    Double runningMean(long step) {
        if (foldedThrough != null && step < foldedThrough) {
            return null;
        }
        double sum = foldSum;
        int n = foldCount;
        for (EvalPoint p : points) {
            if (p.step() <= step) {
                sum += p.value();
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    /** The best point at steps <= {@code step} (folded best included), or null. */
    EvalPoint bestUpTo(long step, boolean maximize) {
        EvalPoint best = foldBest == null || (foldedThrough != null && step < foldedThrough) ? null
                : new EvalPoint(foldBestStep, foldBest);
        for (EvalPoint p : points) {
            if (p.step() <= step && (best == null || Rank.better(p.value(), best.value(), maximize))) {
                best = p;
            }
        }
        return best;
    }

    EvalPoint best(boolean maximize) {
        return bestUpTo(Long.MAX_VALUE, maximize);
    }

    Long lastStep() {
        return points.isEmpty() ? foldedThrough : Long.valueOf(points.get(points.size() - 1).step());
    }

    Double lastValue() {
        return points.isEmpty() ? null : points.get(points.size() - 1).value();
    }

    int evals() {
        return foldCount + points.size();
    }

    int storedPoints() {
        return points.size();
    }

    private int indexOf(long step) {
        int lo = 0;
        int hi = points.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long s = points.get(mid).step();
            if (s < step) {
                lo = mid + 1;
            } else if (s > step) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    String runId() {
        return runId;
    }

    MemberStatus status() {
        return status;
    }

    void status(MemberStatus newStatus) {
        status = newStatus;
    }

    Long totalSteps() {
        return totalSteps;
    }

    void totalSteps(Long steps) {
        totalSteps = steps;
    }

    Map<String, Object> hyperparameters() {
        return hyperparameters;
    }

    void hyperparameters(Map<String, Object> values) {
        hyperparameters = values == null ? new LinkedHashMap<>() : new LinkedHashMap<>(values);
    }

    long highestRung() {
        return highestRung;
    }

    void highestRung(long rung) {
        highestRung = rung;
    }

    Prune prune() {
        return prune;
    }

    void prune(Prune p) {
        prune = p;
    }
}
