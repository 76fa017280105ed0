package io.runwarden.dashboard.state;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwarden.protocol.codec.ProtocolException;
import io.runwarden.protocol.sweep.RunIdOrder;
import io.runwarden.protocol.sweep.SweepPolicy;
import io.runwarden.protocol.sweep.SweepRequests;
import io.runwarden.protocol.sweep.SweepSummary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The dashboard's view of a sweep, computed from its own run state (the runs whose run-started message named
 * the sweep): members with the hyperparameters the sweep varies, status, best validation loss; members pruned by
 * a {@code sweep-*} STOP with the analyzer's evidence; the winner (lowest best validation loss; ties: the earlier
 * step, then the smaller run id) and the GPU steps saved. Plain logic, no framework.
 */
public final class SweepSummarizer {

    /** Rules of the analyzer's cross-run pruning commands start with this. */
    public static final String SWEEP_RULE_PREFIX = "sweep-";
    public static final String PRUNED = "pruned";
    private static final String LEARNING_RATE = "learningRate";

    private SweepSummarizer() {
    }

    public static SweepSummary summarize(String sweepId, List<SweepMemberFacts> facts) {
        List<SweepMemberFacts> ordered = new ArrayList<>(facts);
        ordered.sort(Comparator.comparing(SweepMemberFacts::runId, RunIdOrder.NATURAL));
        Set<String> varied = variedFields(ordered);
        List<SweepSummary.Member> members = new ArrayList<>();
        int running = 0;
        int pruned = 0;
        int finished = 0;
        long saved = 0;
        SweepSummary.Winner winner = null;
        for (SweepMemberFacts m : ordered) {
            CommandView pruneCommand = firstStop(m, true);
            String status = pruneCommand != null ? PRUNED : m.status().wireName();
            if (pruneCommand != null) {
                pruned++;
            } else if (m.status().finished()) {
                finished++;
            } else {
                running++;
            }
            Long stepsSaved = stepsSaved(m, pruneCommand);
            saved += stepsSaved == null ? 0 : stepsSaved;
            if (m.bestValLoss() != null && Double.isFinite(m.bestValLoss()) && (winner == null
                    || m.bestValLoss() < winner.value()
                    || (m.bestValLoss() == winner.value() && m.bestValStep() < winner.step()))) {
                winner = new SweepSummary.Winner(m.runId(), m.bestValLoss(), m.bestValStep());
            }
            members.add(new SweepSummary.Member(m.runId(), hyperparameters(m, varied), status, m.totalSteps(),
                    m.step(), m.lastValLoss(), m.bestValLoss(), m.bestValStep(), m.evals(), prune(pruneCommand),
                    stepsSaved));
        }
        SweepPolicy policy = policyOf(ordered);
        return new SweepSummary(sweepId, policy == null ? null : policy.rule(), SweepPolicy.METRIC_VAL_LOSS, "min",
                ordered.size(), running, pruned, finished, winner, saved, members);
    }

    /**
     * Steps a member did not train because a command stopped it early: total − the step it finished at; while a
     * pruned member is still winding down, total − the step of the prune. Null when nothing was saved or the
     * total is unknown.
     */
    static Long stepsSaved(SweepMemberFacts m, CommandView pruneCommand) {
        if (m.totalSteps() == null) {
            return null;
        }
        if (m.status() == RunStatus.STOPPED && firstStop(m, false) != null) {
            return Math.max(0, m.totalSteps() - m.step());
        }
        if (pruneCommand != null && !m.status().finished()) {
            return Math.max(0, m.totalSteps() - pruneCommand.atStep());
        }
        return null;
    }

    /** The earliest STOP command of the member (only the sweep's prunes when {@code sweepOnly}). */
    private static CommandView firstStop(SweepMemberFacts m, boolean sweepOnly) {
        CommandView first = null;
        for (CommandView c : m.commands()) {
            if ("STOP".equals(c.type()) && (!sweepOnly || (c.rule() != null && c.rule().startsWith(SWEEP_RULE_PREFIX)))
                    && (first == null || c.atStep() < first.atStep())) {
                first = c;
            }
        }
        return first;
    }

    private static SweepSummary.Prune prune(CommandView c) {
        if (c == null) {
            return null;
        }
        Map<String, Object> evidence = c.evidence() == null ? Map.of() : c.evidence();
        Long rung = evidence.get("rung") instanceof Number n ? n.longValue() : null;
        return new SweepSummary.Prune(c.rule(), c.atStep(), rung, c.reason(), evidence);
    }

    /** The pruning policy the members carry (policy.sweep of their run-started message), or null. */
    private static SweepPolicy policyOf(List<SweepMemberFacts> members) {
        for (SweepMemberFacts m : members) {
            try {
                SweepPolicy p = SweepRequests.pruningOf(m.policy());
                if (p != null) {
                    return p;
                }
            } catch (ProtocolException e) {
                // a policy the dashboard cannot read says nothing about the rule; the other members may
            }
        }
        return null;
    }

    /**
     * The spec fields whose values differ between the members known so far (the ones the sweep varies), in the
     * order the specs list them; the learning rate always (the hyperparameter-vs-loss chart plots it).
     */
    static Set<String> variedFields(List<SweepMemberFacts> members) {
        Set<String> all = new LinkedHashSet<>();
        for (SweepMemberFacts m : members) {
            if (m.spec() != null) {
                for (Iterator<String> it = m.spec().fieldNames(); it.hasNext(); ) {
                    all.add(it.next());
                }
            }
        }
        Set<String> varied = new LinkedHashSet<>();
        for (String field : all) {
            JsonNode first = value(members.get(0), field);
            for (SweepMemberFacts m : members) {
                if (!sameValue(first, value(m, field))) {
                    varied.add(field);
                    break;
                }
            }
        }
        if (all.contains(LEARNING_RATE)) {
            varied.add(LEARNING_RATE);
        }
        return varied;
    }

    private static JsonNode value(SweepMemberFacts m, String field) {
        JsonNode v = m.spec() == null ? null : m.spec().get(field);
        return v == null || v.isNull() ? null : v;
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a != null && b != null && a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return Objects.equals(a, b);
    }

    private static Map<String, Object> hyperparameters(SweepMemberFacts m, Set<String> varied) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String field : varied) {
            JsonNode v = value(m, field);
            if (v != null) {
                out.put(field, v.isNumber() ? v.numberValue() : v.isBoolean() ? v.booleanValue() : v.asText());
            }
        }
        return out;
    }
}
