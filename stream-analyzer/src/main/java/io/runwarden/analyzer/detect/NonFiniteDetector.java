package io.runwarden.analyzer.detect;

import io.runwarden.analyzer.policy.Policy;
import io.runwarden.analyzer.state.RunState;
import io.runwarden.protocol.TrainStep;

/** A NaN or infinite loss or gradient norm: roll back to a checkpoint a few steps older, at a lower LR. */
public final class NonFiniteDetector {

    public static final String RULE = "non-finite";

    /** Returns true when the step is non-finite (its values must not enter any window). */
    public boolean onTrain(RunState state, TrainStep step, Policy policy, Findings findings) {
        boolean lossBad = !Double.isFinite(step.loss());
        boolean gradBad = !Double.isFinite(step.gradNorm());
        if (!lossBad && !gradBad) {
            return false;
        }
        if (!policy.nonFinite().enabled()) {
            return true;
        }
        String what = lossBad ? "loss is " + step.loss() : "gradNorm is " + step.gradNorm();
        if (lossBad && gradBad) {
            what += " and gradNorm is " + step.gradNorm();
        }
        long maxCheckpointStep = step.step() - policy.rollback().minCheckpointAgeSteps();
        findings.propose(Proposal.rollback(RULE, what + " at step " + step.step(),
                Findings.evidence("loss", step.loss(), "gradNorm", step.gradNorm(), "lr", step.lr(),
                        "minCheckpointAgeSteps", policy.rollback().minCheckpointAgeSteps()),
                maxCheckpointStep, policy.nonFinite().lrFactor(), policy.nonFinite().skipBatches()));
        return true;
    }
}
