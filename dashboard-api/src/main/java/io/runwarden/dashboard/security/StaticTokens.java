package io.runwarden.dashboard.security;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The static bearer tokens for local use, parsed from {@code token=user:role[|role],...}. Plain class; a
 * malformed entry is an error naming the entry's position (never the token itself).
 */
public final class StaticTokens {

    /** Who a token stands for. */
    public record Holder(String user, Set<String> roles) {
    }

    private final Map<String, Holder> byToken;

    private StaticTokens(Map<String, Holder> byToken) {
        this.byToken = Map.copyOf(byToken);
    }

    public static StaticTokens parse(String spec) {
        Map<String, Holder> out = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return new StaticTokens(out);
        }
        String[] entries = spec.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            int colon = entry.indexOf(':', eq + 1);
            if (eq <= 0 || colon <= eq + 1 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("runwarden.dashboard.auth.tokens: entry " + (i + 1)
                        + " is not token=user:role[|role]");
            }
            String token = entry.substring(0, eq).trim();
            String user = entry.substring(eq + 1, colon).trim();
            Set<String> roles = new LinkedHashSet<>();
            for (String role : entry.substring(colon + 1).split("\\|")) {
                if (!role.isBlank()) {
                    roles.add(role.trim());
                }
            }
            if (token.length() < 8) {
                throw new IllegalArgumentException("runwarden.dashboard.auth.tokens: entry " + (i + 1)
                        + " has a token shorter than 8 characters");
            }
            out.put(token, new Holder(user, Set.copyOf(roles)));
        }
        return new StaticTokens(out);
    }

    public Optional<Holder> holder(String token) {
        return Optional.ofNullable(byToken.get(token));
    }

    public boolean isEmpty() {
        return byToken.isEmpty();
    }
}
