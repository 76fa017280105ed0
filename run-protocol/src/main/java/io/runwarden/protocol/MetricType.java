package io.runwarden.protocol;

import java.util.Arrays;
import java.util.Optional;

/** The {@code "type"} of a metrics message, with its wire name. */
public enum MetricType {
    RUN_STARTED("run-started"),
    TRAIN("train"),
    EVAL("eval"),
    CHECKPOINT("checkpoint"),
    ROLLBACK_DONE("rollback-done"),
    RUN_FINISHED("run-finished"),
    HEARTBEAT("heartbeat");

    private final String wireName;

    MetricType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<MetricType> fromWire(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
