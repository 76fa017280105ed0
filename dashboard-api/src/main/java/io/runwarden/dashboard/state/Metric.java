package io.runwarden.dashboard.state;

import java.util.Arrays;
import java.util.Optional;

/** The metric series kept per run. */
public enum Metric {
    LOSS("loss"), VAL_LOSS("valLoss"), LR("lr"), GRAD_NORM("gradNorm");

    private final String wireName;

    Metric(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Metric> fromWire(String name) {
        return Arrays.stream(values()).filter(m -> m.wireName.equals(name)).findFirst();
    }
}
