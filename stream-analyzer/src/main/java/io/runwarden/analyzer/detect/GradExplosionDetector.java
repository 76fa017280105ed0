package io.runwarden.analyzer.detect;

import io.runwarden.analyzer.policy.Policy;
import io.runwarden.analyzer.state.DoubleRing;
import io.runwarden.analyzer.state.RunState;
import io.runwarden.protocol.Severity;
import io.runwarden.protocol.TrainStep;

import static io.runwarden.analyzer.detect.Findings.fmt;

/**
 * Gradient norm (before clipping) far above its trailing median: an alert; sustained for {@code persistSteps}
 * steps it is handled like a persistent loss spike.
 */
public final class GradExplosionDetector {

    public static final String RULE = "grad-explosion";

    public void onTrain(RunState state, TrainStep step, Policy policy, Findings findings) {
        Policy.GradExplosion p = policy.gradExplosion();
        DoubleRing window = state.gradNorms;
        window.ensureCapacity(p.window());
        double norm = step.gradNorm();
        if (p.enabled() && window.size() >= p.warmupSteps()) {
            double median = window.median();
            double limit = p.factor() * median;
            if (median > 0 && norm > limit) {
                if (state.gradSpikeStartStep < 0) {
                    state.gradSpikeStartStep = step.step();
                    state.gradSpikeSteps = 0;
                }
                state.gradSpikeSteps++;
                var evidence = Findings.evidence("gradNorm", norm, "median", median, "factor", p.factor(),
                        "limit", limit, "window", window.size(), "explosionStartStep", state.gradSpikeStartStep,
                        "explosionSteps", state.gradSpikeSteps, "persistSteps", p.persistSteps());
                if (state.gradSpikeSteps == 1) {
                    findings.alert(RULE, Severity.WARN, "gradient norm " + fmt(norm) + " at step " + step.step()
                            + " is more than " + fmt(p.factor()) + "x its median " + fmt(median) + " over the last "
                            + window.size() + " steps", evidence);
                }
                if (state.gradSpikeSteps == p.persistSteps()) {
                    LossSpikeDetector.act(p.action(), RULE, "gradient norm stayed above " + fmt(limit) + " for "
                            + p.persistSteps() + " steps since step " + state.gradSpikeStartStep, evidence,
                            state.gradSpikeStartStep, policy, findings);
                }
                return;
            }
        }
        state.gradSpikeStartStep = -1;
        state.gradSpikeSteps = 0;
        window.add(norm);
    }
}
