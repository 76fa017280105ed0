package io.runwarden.engine;

import java.util.Map;

/** A validation pass: mean loss over the held-out split and any extra metrics (e.g. token accuracy). */
public record EvalReport(long step, double epoch, double valLoss, Map<String, Double> metrics) {

    public EvalReport {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
