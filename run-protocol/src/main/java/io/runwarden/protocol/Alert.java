package io.runwarden.protocol;

import java.util.Map;
import java.util.Objects;

/** A message on {@link Topics#ALERTS}: what a detector saw, in words and in numbers. */
public record Alert(String runId, String rule, Severity severity, long atStep, long ts, String message,
                    Map<String, Object> evidence) {

    public Alert {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        evidence = evidence == null ? Map.of() : evidence;
    }
}
