package io.runwarden.protocol;

import java.util.Arrays;
import java.util.Optional;

/** How a run ended. */
public enum FinishStatus {
    COMPLETED("completed"),
    STOPPED("stopped"),
    FAILED("failed");

    private final String wireName;

    FinishStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<FinishStatus> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }
}
