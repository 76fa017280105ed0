package io.runwarden.protocol;

import java.util.Arrays;
import java.util.Optional;

/** The analyzer's verdict on a run, published to the compacted {@link Topics#RUN_HEALTH}. */
public enum HealthVerdict {
    HEALTHY("healthy"),
    WARNING("warning"),
    STOPPED("stopped"),
    ROLLED_BACK("rolled-back"),
    LOST("lost"),
    FINISHED("finished");

    private final String wireName;

    HealthVerdict(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<HealthVerdict> fromWire(String name) {
        return Arrays.stream(values()).filter(v -> v.wireName.equals(name)).findFirst();
    }
}
