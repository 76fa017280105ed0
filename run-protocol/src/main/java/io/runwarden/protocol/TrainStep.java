package io.runwarden.protocol;

import java.util.Objects;

/**
 * One optimizer step. {@code loss} may be NaN or infinite (that is what the analyzer watches for);
 * {@code gradNorm} is the global gradient norm before clipping.
 */
public record TrainStep(String runId, long step, long ts, double epoch, double loss, double lr, double gradNorm,
                        double samplesPerSec, double tokensPerSec, double stepMillis) implements MetricEvent {

    public TrainStep {
        Objects.requireNonNull(runId, "runId");
    }

    @Override
    public MetricType type() {
        return MetricType.TRAIN;
    }
}
