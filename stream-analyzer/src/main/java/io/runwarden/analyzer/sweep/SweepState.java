package io.runwarden.analyzer.sweep;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.runwarden.protocol.EvalResult;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.RollbackDone;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.RunStarted;
import io.runwarden.protocol.codec.ProtocolException;
import io.runwarden.protocol.codec.ProtocolJson;
import io.runwarden.protocol.sweep.SweepExpander;
import io.runwarden.protocol.sweep.SweepPolicy;
import io.runwarden.protocol.sweep.SweepSummary;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything the analyzer knows about one sweep: each member's bounded learning curve, the ASHA rungs, and which
 * members were pruned where and why. Plain Java, no framework; JSON both ways ({@link #toJson()},
 * {@link #fromJson(byte[])}) so it lives in a Kafka Streams state store keyed by sweep id.
 *
 * <p>Entry points, one per event of a member: {@link #onMemberStarted}, {@link #onEval} (returns at most one
 * prune decision), {@link #onRollback}, {@link #onMemberFinished}. A member receives at most one decision, only
 * while running; pruned, finished and failed members keep their curves as history for the others' medians and
 * rungs.
 *
 * <p>Exactness. Evaluations are keyed by (member, step): a duplicate changes nothing, a different value at a
 * known step replaces the old one, members may arrive in any interleaving. The curves, best values, winner and
 * summary therefore depend only on the set of evaluations received, not on their order — except for the prune
 * decisions themselves, which judge a member against what had arrived when its evaluation did (the median rule
 * counts the members that had reached the step; ASHA compares with earlier arrivals at the rung, by design).
 *
 * <p>Bounds: at most {@code maxMembers} members (later ones are ignored and counted) and
 * {@code maxPointsPerMember} points per member (older points folded into an exact aggregate).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public final class SweepState {

    /** Points kept per member: at most 512 × 32 points, about 0.5 MB of JSON for the largest sweep. */
    public static final int DEFAULT_MAX_POINTS_PER_MEMBER = 32;

    private String sweepId;
    private SweepPolicy policy;
    private int maxMembers;
    private int maxPointsPerMember;
    private TreeMap<String, MemberCurve> members = new TreeMap<>();
    private TreeMap<Long, List<AshaRule.Entry>> rungs = new TreeMap<>();
    private long arrivals;
    private long ignoredEvents;
    /** Wall-clock time of the latest event (set by the stream processor; used to expire the state). */
    private long lastEventWallMs;

    private SweepState() {
    }

    public static SweepState create(String sweepId, SweepPolicy policy) {
        return create(sweepId, policy, SweepExpander.MAX_MEMBERS, DEFAULT_MAX_POINTS_PER_MEMBER);
    }

    public static SweepState create(String sweepId, SweepPolicy policy, int maxMembers, int maxPointsPerMember) {
        if (maxMembers < 1 || maxPointsPerMember < 1) {
            throw new IllegalArgumentException("maxMembers and maxPointsPerMember must be >= 1");
        }
        SweepState state = new SweepState();
        state.sweepId = Objects.requireNonNull(sweepId, "sweepId");
        state.policy = Objects.requireNonNull(policy, "policy");
        state.maxMembers = maxMembers;
        state.maxPointsPerMember = maxPointsPerMember;
        return state;
    }

    /**
     * A member began ({@code run-started}). {@code totalSteps} (planned optimizer steps; null or ≤ 0 when unknown)
     * is what a prune saves from; {@code hyperparameters} are shown in the summary (only keys that differ between
     * members are shown, so passing a member's whole spec is fine).
     */
    public void onMemberStarted(String runId, Long totalSteps, Map<String, Object> hyperparameters) {
        MemberCurve m = member(runId);
        if (m == null) {
            return;
        }
        m.totalSteps(totalSteps != null && totalSteps > 0 ? totalSteps : null);
        m.hyperparameters(hyperparameters);
    }

    /**
     * A member's evaluation. Returns the decision to stop it, if the sweep's rule says so now; empty otherwise
     * (including duplicates, members already decided or finished, and the {@code none} rule). A NaN value (a
     * diverged run) counts as the worst possible value.
     */
    public Optional<SweepDecision> onEval(String runId, long step, double value, long ts) {
        MemberCurve m = member(runId);
        if (m == null) {
            return Optional.empty();
        }
        boolean max = policy.maximize();
        EvalPoint point = new EvalPoint(step, Rank.normalise(value, max));
        MemberCurve.Insert result = m.insert(point, maxPointsPerMember, max);
        if (result == MemberCurve.Insert.TOO_OLD) {
            ignoredEvents++;
            return Optional.empty();
        }
        if (result == MemberCurve.Insert.DUPLICATE || m.status() != MemberStatus.RUNNING) {
            return Optional.empty();
        }
        SweepDecision decision = switch (policy.rule()) {
            case SweepPolicy.RULE_MEDIAN -> MedianStoppingRule.decide(sweepId, policy, m, members.values(), point,
                    ts);
            case SweepPolicy.RULE_ASHA -> asha(m, point, ts);
            default -> null;
        };
        if (decision != null) {
            prune(m, decision);
        }
        return Optional.ofNullable(decision);
    }

    private static void prune(MemberCurve member, SweepDecision decision) {
        member.status(MemberStatus.PRUNED);
        member.prune(new MemberCurve.Prune(decision.rule(), decision.step(), decision.rung(), decision.reason(),
                decision.evidence()));
    }

    private SweepDecision asha(MemberCurve m, EvalPoint point, long ts) {
        long rung = AshaRule.rungReached(policy.ashaRungs(), point.step(), m.highestRung());
        if (rung == 0) {
            return null;
        }
        m.highestRung(rung);
        List<AshaRule.Entry> recorded = rungs.computeIfAbsent(rung, r -> new ArrayList<>());
        AshaRule.Entry arrival = new AshaRule.Entry(m.runId(), point.value(), ++arrivals);
        recorded.add(arrival);
        return AshaRule.decide(sweepId, policy, rung, recorded, arrival, point, ts);
    }

    /**
     * One protocol event of a member, dispatched to the entry point above: {@code run-started} (total steps, the
     * spec as hyperparameters), {@code eval} (the policy's metric; an eval without it is ignored),
     * {@code rollback-done}, {@code run-finished}. Other events change nothing.
     */
    public List<SweepDecision> onEvent(MetricEvent event) {
        if (event instanceof RunStarted started) {
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = ProtocolJson.mapper().convertValue(started.spec(), Map.class);
            onMemberStarted(started.runId(), started.totalSteps(), spec);
        } else if (event instanceof EvalResult eval) {
            Double value = policy.valueOf(eval);
            if (value == null) {
                return List.of();
            }
            List<SweepDecision> decisions = new ArrayList<>();
            onEval(eval.runId(), eval.step(), value, eval.ts()).ifPresent(decisions::add);
            decisions.addAll(reviewWaitingMembers(eval.step(), eval.ts()));
            return decisions;
        } else if (event instanceof RollbackDone rollback) {
            onRollback(rollback.runId(), rollback.step());
        } else if (event instanceof RunFinished finished && finished.status() != null) {
            onMemberFinished(finished.runId(), finished.status());
        }
        return List.of();
    }

    /**
     * The median rule judges a member at step s only once {@code minMembers} others have reached s, so a member
     * that evaluated ahead of the others would never be judged at that step. When an evaluation at step
     * {@code reached} arrives, every running member whose newest evaluation is at or before it is judged again at
     * that evaluation — the same decision it would have had, had it reported last.
     */
    public List<SweepDecision> reviewWaitingMembers(long reached, long ts) {
        if (!SweepPolicy.RULE_MEDIAN.equals(policy.rule())) {
            return List.of();
        }
        List<SweepDecision> decisions = new ArrayList<>();
        for (MemberCurve waiting : members.values()) {
            Long last = waiting.lastStep();
            if (waiting.status() != MemberStatus.RUNNING || last == null || last > reached) {
                continue;
            }
            EvalPoint newest = new EvalPoint(last, waiting.lastValue());
            SweepDecision decision = MedianStoppingRule.decide(sweepId, policy, waiting, members.values(), newest,
                    ts);
            if (decision != null) {
                prune(waiting, decision);
                decisions.add(decision);
            }
        }
        return decisions;
    }

    /** A member rolled back to the checkpoint at {@code restoredStep}: its later evaluations are forgotten. */
    public void onRollback(String runId, long restoredStep) {
        MemberCurve m = members.get(runId);
        if (m != null) {
            m.truncateAfter(restoredStep);
        }
    }

    /** A member ended. A pruned member stays {@code pruned}; others take the finish status. */
    public void onMemberFinished(String runId, FinishStatus status) {
        MemberCurve m = member(runId);
        if (m != null && m.status() != MemberStatus.PRUNED) {
            m.status(MemberStatus.of(status));
        }
    }

    /** Sum over pruned members of planned total steps − the step of the prune (members with a known total). */
    public long gpuStepsSaved() {
        long saved = 0;
        for (MemberCurve m : members.values()) {
            Long s = stepsSaved(m);
            saved += s == null ? 0 : s;
        }
        return saved;
    }

    /** The member with the best value so far (ties: the earlier step, then the member order). */
    public Optional<SweepSummary.Winner> winner() {
        return Optional.ofNullable(SummaryBuilder.winner(this));
    }

    public SweepSummary summary() {
        return SummaryBuilder.build(this);
    }

    /** Records the wall-clock time of an event, for expiry. */
    public void touch(long wallMs) {
        lastEventWallMs = Math.max(lastEventWallMs, wallMs);
    }

    public long lastEventWallMs() {
        return lastEventWallMs;
    }

    /** Whether every member known so far has ended (finished, failed, stopped or pruned); false with no members. */
    public boolean allMembersEnded() {
        return !members.isEmpty() && members.values().stream().noneMatch(m -> m.status() == MemberStatus.RUNNING);
    }

    public String sweepId() {
        return sweepId;
    }

    public SweepPolicy policy() {
        return policy;
    }

    public int memberCount() {
        return members.size();
    }

    /** Evaluation points held in memory across members (bounded by maxMembers × maxPointsPerMember). */
    public int storedPoints() {
        return members.values().stream().mapToInt(MemberCurve::storedPoints).sum();
    }

    /** Events dropped: evaluations older than a member's folded history, members beyond the cap. */
    public long ignoredEvents() {
        return ignoredEvents;
    }

    public byte[] toJson() {
        try {
            return ProtocolJson.mapper().writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write sweep state " + sweepId, e);
        }
    }

    public static SweepState fromJson(byte[] json) {
        try {
            return ProtocolJson.mapper().readValue(json, SweepState.class);
        } catch (IOException e) {
            throw new ProtocolException(null, "unreadable sweep state: " + e.getMessage(), e);
        }
    }

    TreeMap<String, MemberCurve> members() {
        return members;
    }

    static Long stepsSaved(MemberCurve m) {
        if (m.prune() == null || m.totalSteps() == null) {
            return null;
        }
        return Math.max(0, m.totalSteps() - m.prune().step());
    }

    private MemberCurve member(String runId) {
        MemberCurve m = members.get(runId);
        if (m == null) {
            if (members.size() >= maxMembers) {
                ignoredEvents++;
                return null;
            }
            m = new MemberCurve(runId);
            members.put(runId, m);
        }
        return m;
    }
}
