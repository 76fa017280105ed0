package io.runwarden.analyzer.detect;

import io.runwarden.analyzer.policy.DetectorAction;
import io.runwarden.analyzer.policy.Policy;
import io.runwarden.analyzer.state.RunState;
import io.runwarden.protocol.EvalResult;
import io.runwarden.protocol.Severity;

import static io.runwarden.analyzer.detect.Findings.fmt;

/**
 * Training loss under a floor (default 0.05) while the validation loss rose for {@code risingEvals}
 * consecutive evaluations: the model memorises its training set. An alert, or STOP when the policy says so.
 */
public final class MemorizationDetector {

    public static final String RULE = "memorization";

    public void onEval(RunState state, EvalResult eval, Policy policy, Findings findings) {
        Policy.Memorization p = policy.memorization();
        double val = eval.valLoss();
        if (state.lastValLoss != null && Double.isFinite(val)) {
            state.valRises = val > state.lastValLoss ? state.valRises + 1 : 0;
        }
        Double previous = state.lastValLoss;
        state.lastValLoss = Double.isFinite(val) ? val : state.lastValLoss;
        if (!p.enabled() || state.memorizationAlerted || state.lastTrainLoss == null
                || state.lastTrainLoss >= p.trainLossFloor() || state.valRises < p.risingEvals()) {
            return;
        }
        state.memorizationAlerted = true;
        String reason = "training loss " + fmt(state.lastTrainLoss) + " is below " + fmt(p.trainLossFloor())
                + " while the validation loss rose for " + state.valRises + " evaluations (now " + fmt(val)
                + "): the model is memorising its training set";
        var evidence = Findings.evidence("trainLoss", state.lastTrainLoss, "trainLossFloor", p.trainLossFloor(),
                "valLoss", val, "previousValLoss", previous, "risingEvals", state.valRises);
        if (p.action() == DetectorAction.STOP) {
            findings.propose(Proposal.stop(RULE, reason, evidence));
        } else {
            findings.alert(RULE, Severity.WARN, reason, evidence);
        }
    }
}
