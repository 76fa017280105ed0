package io.runwarden.analyzer.detect;

import io.runwarden.protocol.Severity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the detectors saw while handling one message: alerts, and at most one proposed command (the first). */
public final class Findings {

    /** An alert before it gets its run, step and time. */
    public record Finding(String rule, Severity severity, String message, Map<String, Object> evidence) {
    }

    private final List<Finding> alerts = new ArrayList<>();
    private Proposal proposal;

    public void alert(String rule, Severity severity, String message, Map<String, Object> evidence) {
        alerts.add(new Finding(rule, severity, message, evidence));
    }

    /** The first proposal of a message wins: detectors run in order of urgency. */
    public void propose(Proposal p) {
        if (proposal == null) {
            proposal = p;
        }
    }

    public List<Finding> alerts() {
        return alerts;
    }

    public Proposal proposal() {
        return proposal;
    }

    /** Evidence map builder keeping insertion order: {@code evidence("loss", 4.2, "window", 50)}. */
    public static Map<String, Object> evidence(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                map.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return map;
    }

    static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6 ? String.format(java.util.Locale.ROOT, "%.4g", v)
                : String.format(java.util.Locale.ROOT, "%.3e", v);
    }
}
