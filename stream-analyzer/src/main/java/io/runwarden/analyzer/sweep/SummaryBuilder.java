package io.runwarden.analyzer.sweep;

import io.runwarden.protocol.sweep.RunIdOrder;
import io.runwarden.protocol.sweep.SweepPolicy;
import io.runwarden.protocol.sweep.SweepSummary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Builds the dashboard's {@link SweepSummary} view of a {@link SweepState}. */
final class SummaryBuilder {

    /** Run ids in natural order: {@code s-2} before {@code s-10}. */
    static final Comparator<String> NATURAL = RunIdOrder.NATURAL;

    private SummaryBuilder() {
    }

    static SweepSummary build(SweepState state) {
        SweepPolicy policy = state.policy();
        boolean max = policy.maximize();
        List<MemberCurve> ordered = ordered(state);
        Set<String> varied = variedKeys(ordered);
        List<SweepSummary.Member> members = new ArrayList<>();
        int running = 0;
        int pruned = 0;
        int finished = 0;
        for (MemberCurve m : ordered) {
            switch (m.status()) {
                case RUNNING -> running++;
                case PRUNED -> pruned++;
                default -> finished++;
            }
            EvalPoint best = m.best(max);
            Map<String, Object> hp = new LinkedHashMap<>();
            m.hyperparameters().forEach((k, v) -> {
                if (varied.contains(k)) {
                    hp.put(k, v);
                }
            });
            MemberCurve.Prune p = m.prune();
            members.add(new SweepSummary.Member(m.runId(), hp, m.status().wireName(), m.totalSteps(), m.lastStep(),
                    m.lastValue(), best == null ? null : best.value(), best == null ? null : best.step(), m.evals(),
                    p == null ? null : new SweepSummary.Prune(p.rule(), p.step(), p.rung(), p.reason(), p.evidence()),
                    SweepState.stepsSaved(m)));
        }
        return new SweepSummary(state.sweepId(), policy.rule(), policy.metric(), policy.mode(), ordered.size(),
                running, pruned, finished, winner(state), state.gpuStepsSaved(), members);
    }

    static SweepSummary.Winner winner(SweepState state) {
        boolean max = state.policy().maximize();
        SweepSummary.Winner winner = null;
        for (MemberCurve m : ordered(state)) {
            EvalPoint best = m.best(max);
            if (best == null) {
                continue;
            }
            if (winner == null || Rank.better(best.value(), winner.value(), max)
                    || (best.value() == winner.value() && best.step() < winner.step())) {
                winner = new SweepSummary.Winner(m.runId(), best.value(), best.step());
            }
        }
        return winner;
    }

    private static List<MemberCurve> ordered(SweepState state) {
        List<MemberCurve> list = new ArrayList<>(state.members().values());
        list.sort(Comparator.comparing(MemberCurve::runId, NATURAL));
        return list;
    }

    /** Hyperparameter keys whose values differ between members; all keys when there is one member. */
    private static Set<String> variedKeys(List<MemberCurve> members) {
        Set<String> keys = new TreeSet<>();
        members.forEach(m -> keys.addAll(m.hyperparameters().keySet()));
        if (members.size() <= 1) {
            return keys;
        }
        Set<String> varied = new TreeSet<>();
        for (String key : keys) {
            Object first = members.get(0).hyperparameters().get(key);
            for (MemberCurve m : members) {
                if (!Objects.equals(first, m.hyperparameters().get(key))) {
                    varied.add(key);
                    break;
                }
            }
        }
        return varied;
    }
}
