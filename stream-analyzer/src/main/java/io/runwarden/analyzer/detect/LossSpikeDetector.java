package io.runwarden.analyzer.detect;

import io.runwarden.analyzer.policy.DetectorAction;
import io.runwarden.analyzer.policy.Policy;
import io.runwarden.analyzer.state.DoubleRing;
import io.runwarden.analyzer.state.RunState;
import io.runwarden.protocol.Severity;
import io.runwarden.protocol.TrainStep;

import static io.runwarden.analyzer.detect.Findings.fmt;

/**
 * Training loss far above its recent level: above median + threshold × 1.4826·MAD of a trailing window (robust
 * to the spikes themselves, which never enter the window) and at least {@code minRelativeIncrease} above the
 * median. A lone spike is an alert; one that lasts {@code persistSteps} steps rolls back (PaLM's recipe) to the
 * newest checkpoint before the spike began, skipping the batches up to it.
 */
public final class LossSpikeDetector {

    public static final String RULE = "loss-spike";

    public void onTrain(RunState state, TrainStep step, Policy policy, Findings findings) {
        Policy.LossSpike p = policy.lossSpike();
        DoubleRing window = state.losses;
        window.ensureCapacity(p.window());
        double loss = step.loss();
        if (p.enabled() && window.size() >= p.warmupSteps()) {
            double median = window.median();
            double scale = Math.max(1.4826 * window.mad(), 1e-12);
            double limit = median + Math.max(p.threshold() * scale, p.minRelativeIncrease() * Math.abs(median));
            if (loss > limit) {
                onSpike(state, step, p, policy, findings, median, scale, limit, window.size());
                return;
            }
        }
        if (state.spikeStartStep >= 0) {
            findings.alert(RULE, Severity.INFO, "loss spike that began at step " + state.spikeStartStep
                    + " recovered after " + state.spikeSteps + " step(s)", Findings.evidence("loss", loss,
                    "spikeStartStep", state.spikeStartStep, "spikeSteps", state.spikeSteps));
            state.spikeStartStep = -1;
            state.spikeSteps = 0;
        }
        window.add(loss);
    }

    private void onSpike(RunState state, TrainStep step, Policy.LossSpike p, Policy policy, Findings findings,
                         double median, double scale, double limit, int windowSize) {
        if (state.spikeStartStep < 0) {
            state.spikeStartStep = step.step();
            state.spikeSteps = 0;
        }
        state.spikeSteps++;
        var evidence = Findings.evidence("loss", step.loss(), "median", median, "scaledMad", scale, "limit", limit,
                "threshold", p.threshold(), "window", windowSize, "spikeStartStep", state.spikeStartStep,
                "spikeSteps", state.spikeSteps, "persistSteps", p.persistSteps());
        if (state.spikeSteps == 1) {
            findings.alert(RULE, Severity.WARN, "loss spike: " + fmt(step.loss()) + " at step " + step.step()
                    + " against a median of " + fmt(median) + " over the last " + windowSize + " steps (limit "
                    + fmt(limit) + ")", evidence);
        }
        if (state.spikeSteps != p.persistSteps()) {
            return;
        }
        String reason = "loss spike persisted for " + p.persistSteps() + " steps since step " + state.spikeStartStep
                + " (loss " + fmt(step.loss()) + ", median " + fmt(median) + ")";
        act(p.action(), RULE, reason, evidence, state.spikeStartStep, policy, findings);
    }

    /** Shared with the gradient-explosion detector, which acts "as a loss spike". */
    static void act(DetectorAction action, String rule, String reason, java.util.Map<String, Object> evidence,
                    long spikeStartStep, Policy policy, Findings findings) {
        Policy.LossSpike p = policy.lossSpike();
        switch (action) {
            case ALERT -> findings.alert(rule, Severity.WARN, reason, evidence);
            case STOP -> findings.propose(Proposal.stop(rule, reason, evidence));
            case ROLLBACK -> findings.propose(Proposal.rollback(rule, reason, evidence,
                    spikeStartStep - 1 - p.checkpointStepsBeforeSpike(), p.lrFactor(), p.skipBatches()));
        }
    }
}
