package io.runwarden.analyzer.detect;

import io.runwarden.analyzer.policy.Policy;
import io.runwarden.analyzer.state.RunState;
import io.runwarden.protocol.EvalResult;

import static io.runwarden.analyzer.detect.Findings.fmt;

/**
 * Early stopping with PyTorch Lightning {@code EarlyStopping} semantics, plus Keras' {@code baseline} and
 * {@code start_from_epoch} (here: {@code startFromStep}). Order of checks as in Lightning: non-finite, stopping
 * threshold, divergence threshold, improvement. Min mode improves when {@code current < best - |minDelta|}.
 */
public final class EarlyStoppingDetector {

    public static final String RULE = "early-stopping";

    public void onEval(RunState state, EvalResult eval, Policy policy, Findings findings) {
        Policy.EarlyStopping p = policy.earlyStopping();
        if (!p.enabled() || eval.step() < p.startFromStep()) {
            return;
        }
        Double current = monitored(state, eval, p.monitor());
        if (current == null) {
            return;
        }
        String m = p.monitor();
        var evidence = Findings.evidence("monitor", m, "mode", p.maxMode() ? "max" : "min", "current", current,
                "best", state.esBest, "bestStep", state.esBestStep >= 0 ? state.esBestStep : null,
                "patience", p.patience(), "minDelta", p.minDelta());
        if (p.checkFinite() && !Double.isFinite(current)) {
            findings.propose(Proposal.stop(RULE, m + " is " + current + " at step " + eval.step(), evidence));
            return;
        }
        if (p.stoppingThreshold() != null && strictlyBetter(p, current, p.stoppingThreshold())) {
            evidence.put("stoppingThreshold", p.stoppingThreshold());
            findings.propose(Proposal.stop(RULE, m + " " + fmt(current) + " reached the stopping threshold "
                    + fmt(p.stoppingThreshold()) + " (success)", evidence));
            return;
        }
        if (p.divergenceThreshold() != null && strictlyBetter(p, p.divergenceThreshold(), current)) {
            evidence.put("divergenceThreshold", p.divergenceThreshold());
            findings.propose(Proposal.stop(RULE, m + " " + fmt(current) + " is worse than the divergence threshold "
                    + fmt(p.divergenceThreshold()), evidence));
            return;
        }
        if (improves(p, current, state.esBest)) {
            state.esBest = current;
            state.esBestStep = eval.step();
            // Keras: the wait only restarts when the baseline is beaten too.
            state.esWait = p.baseline() == null || improves(p, current, p.baseline()) ? 0 : state.esWait + 1;
            return;
        }
        state.esWait++;
        if (state.esWait >= p.patience()) {
            evidence.put("wait", state.esWait);
            evidence.put("baseline", p.baseline());
            String bestText = state.esBest == null ? "no evaluation beat the baseline"
                    : "best " + fmt(state.esBest) + " at step " + state.esBestStep;
            findings.propose(Proposal.stop(RULE, m + " did not improve for " + state.esWait + " evaluations ("
                    + bestText + ")", evidence));
        }
    }

    /** The monitored value of this evaluation, or null when the evaluation does not carry it. */
    static Double monitored(RunState state, EvalResult eval, String monitor) {
        return switch (monitor) {
            case "valLoss" -> eval.valLoss();
            case "loss" -> state.lastTrainLoss;
            default -> eval.metrics().get(monitor);
        };
    }

    static boolean improves(Policy.EarlyStopping p, double current, Double reference) {
        if (reference == null) {
            return !Double.isNaN(current);
        }
        double delta = Math.abs(p.minDelta());
        return p.maxMode() ? current - delta > reference : current + delta < reference;
    }

    private static boolean strictlyBetter(Policy.EarlyStopping p, double a, double b) {
        return p.maxMode() ? a > b : a < b;
    }
}
