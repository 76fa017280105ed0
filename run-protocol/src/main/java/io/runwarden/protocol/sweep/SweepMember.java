package io.runwarden.protocol.sweep;

import io.runwarden.protocol.RunSpec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run of a sweep. {@code hyperparameters} holds only what this sweep varies (plus the scaled learning rate
 * under linear scaling), in the spec's axis order — what a members table shows.
 */
public record SweepMember(int index, String runId, RunSpec spec, Map<String, Object> hyperparameters) {

    public SweepMember {
        hyperparameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperparameters));
    }
}
