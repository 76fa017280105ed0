package io.runwarden.dashboard.state;

import java.util.Map;

/** An analyzer alert as the dashboard shows it. */
public record AlertView(String rule, String severity, long atStep, long ts, String message,
                        Map<String, Object> evidence) {
}
