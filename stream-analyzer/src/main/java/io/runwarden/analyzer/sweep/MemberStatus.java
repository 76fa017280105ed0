package io.runwarden.analyzer.sweep;

import io.runwarden.protocol.FinishStatus;

import java.util.Locale;

/** Where a sweep member stands. Only {@link #RUNNING} members receive decisions. */
public enum MemberStatus {
    RUNNING,
    PRUNED,
    COMPLETED,
    STOPPED,
    FAILED;

    public static MemberStatus of(FinishStatus finish) {
        return switch (finish) {
            case COMPLETED -> COMPLETED;
            case STOPPED -> STOPPED;
            case FAILED -> FAILED;
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
