package io.runwarden.analyzer.detect;

import io.runwarden.analyzer.policy.Policy;
import io.runwarden.analyzer.state.RunState;
import io.runwarden.protocol.Severity;
import io.runwarden.protocol.TrainStep;

import static io.runwarden.analyzer.detect.Findings.fmt;

/**
 * The smoothed training loss (EMA, which this detector keeps for the others too) climbs above {@code factor}
 * times its running minimum, or above {@code absoluteThreshold}: the run is diverging. STOP by default.
 */
public final class DivergenceDetector {

    public static final String RULE = "divergence";

    public void onTrain(RunState state, TrainStep step, Policy policy, Findings findings) {
        Policy.Divergence p = policy.divergence();
        double loss = step.loss();
        state.ema = state.ema == null ? loss : p.emaAlpha() * loss + (1 - p.emaAlpha()) * state.ema;
        if (state.emaStart == null) {
            state.emaStart = state.ema;
        }
        state.emaMin = state.emaMin == null ? state.ema : Math.min(state.emaMin, state.ema);
        if (!p.enabled() || state.divergenceAlerted || state.trainSteps < p.warmupSteps()) {
            return;
        }
        boolean relative = state.emaMin > 0 && state.ema > p.factor() * state.emaMin;
        boolean absolute = p.absoluteThreshold() != null && state.ema > p.absoluteThreshold();
        if (!relative && !absolute) {
            return;
        }
        state.divergenceAlerted = true;
        String reason = relative
                ? "smoothed loss " + fmt(state.ema) + " is more than " + fmt(p.factor()) + "x its minimum "
                + fmt(state.emaMin) + " (diverging)"
                : "smoothed loss " + fmt(state.ema) + " is above the threshold " + fmt(p.absoluteThreshold());
        var evidence = Findings.evidence("emaLoss", state.ema, "emaMin", state.emaMin, "factor", p.factor(),
                "absoluteThreshold", p.absoluteThreshold(), "emaAlpha", p.emaAlpha(), "loss", loss);
        switch (p.action()) {
            case ALERT -> findings.alert(RULE, Severity.WARN, reason, evidence);
            case STOP -> findings.propose(Proposal.stop(RULE, reason, evidence));
            case ROLLBACK -> findings.propose(Proposal.rollback(RULE, reason, evidence,
                    step.step() - policy.rollback().minCheckpointAgeSteps(), policy.lossSpike().lrFactor(),
                    policy.lossSpike().skipBatches()));
        }
    }
}
