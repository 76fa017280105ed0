package io.runwarden.analyzer.policy;

import java.util.Locale;

/** What a detector does when its condition holds: raise an alert only, stop the run, or roll it back. */
public enum DetectorAction {
    ALERT,
    STOP,
    ROLLBACK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
