package io.runwarden.dashboard.state;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a run is in its life, as the dashboard sees it. */
public enum RunStatus {
    RUNNING, COMPLETED, STOPPED, FAILED, LOST;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
        return this == COMPLETED || this == STOPPED || this == FAILED;
    }

    public static Optional<RunStatus> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
