package io.runwarden.protocol;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How much an alert matters: {@code action} alerts accompany a command. */
public enum Severity {
    INFO,
    WARN,
    ACTION;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Severity> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
