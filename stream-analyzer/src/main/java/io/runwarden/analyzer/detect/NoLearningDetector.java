package io.runwarden.analyzer.detect;

import io.runwarden.analyzer.policy.Policy;
import io.runwarden.analyzer.state.RunState;
import io.runwarden.protocol.Severity;
import io.runwarden.protocol.TrainStep;

import static io.runwarden.analyzer.detect.Findings.fmt;

/**
 * Once {@code afterFraction} of the planned steps have run, the smoothed loss should have fallen by at least
 * {@code minRelativeDecrease} of its starting value; otherwise the learning rate is probably too low. Checked once
 * per run; needs {@code totalSteps} from run-started.
 */
public final class NoLearningDetector {

    public static final String RULE = "no-learning";

    public void onTrain(RunState state, TrainStep step, Policy policy, Findings findings) {
        Policy.NoLearning p = policy.noLearning();
        if (!p.enabled() || state.noLearningAlerted || state.totalSteps <= 0 || state.emaStart == null
                || state.ema == null || step.step() < p.afterFraction() * state.totalSteps) {
            return;
        }
        state.noLearningAlerted = true;
        double decrease = (state.emaStart - state.ema) / Math.max(Math.abs(state.emaStart), 1e-12);
        if (decrease >= p.minRelativeDecrease()) {
            return;
        }
        findings.alert(RULE, Severity.WARN, "after " + step.step() + " of " + state.totalSteps
                        + " steps the smoothed loss fell by only " + fmt(100 * decrease) + "% (from "
                        + fmt(state.emaStart) + " to " + fmt(state.ema) + "): learning rate too low?",
                Findings.evidence("startLoss", state.emaStart, "emaLoss", state.ema, "relativeDecrease", decrease,
                        "minRelativeDecrease", p.minRelativeDecrease(), "afterFraction", p.afterFraction(),
                        "totalSteps", state.totalSteps, "lr", step.lr()));
    }
}
