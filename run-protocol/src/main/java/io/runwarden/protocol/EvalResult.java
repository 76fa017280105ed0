package io.runwarden.protocol;

import java.util.Map;
import java.util.Objects;

/** A validation pass on the held-out split. {@code metrics} holds extra named values (accuracy, ...). */
public record EvalResult(String runId, long step, long ts, double epoch, double valLoss, Map<String, Double> metrics)
        implements MetricEvent {

    public EvalResult {
        Objects.requireNonNull(runId, "runId");
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    @Override
    public MetricType type() {
        return MetricType.EVAL;
    }
}
