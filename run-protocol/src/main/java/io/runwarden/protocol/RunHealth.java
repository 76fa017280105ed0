package io.runwarden.protocol;

import java.util.List;
import java.util.Objects;

/** The latest verdict on a run and the reasons for it. */
public record RunHealth(String runId, HealthVerdict verdict, List<String> reasons, long atStep, long ts) {

    public RunHealth {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(verdict, "verdict");
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
}
