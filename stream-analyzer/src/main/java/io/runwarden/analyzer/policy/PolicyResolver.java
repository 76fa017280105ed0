package io.runwarden.analyzer.policy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** A run's policy from its stored override, parsed once per distinct override (a small LRU cache). */
public final class PolicyResolver {

    private static final int CACHE_SIZE = 1024;

    private final PolicyParser parser;
    private final Map<String, Policy> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Policy> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public PolicyResolver(PolicyParser parser) {
        this.parser = parser;
    }

    public Policy defaults() {
        return parser.defaults();
    }

    /** Throws {@link InvalidPolicyException} for an invalid override. */
    public Policy forRun(JsonNode runPolicy) {
        if (runPolicy == null || runPolicy.isNull() || runPolicy.isEmpty()) {
            return parser.defaults();
        }
        String key = runPolicy.toString();
        Policy cached = cache.get(key);
        if (cached == null) {
            cached = parser.forRun(runPolicy);
            cache.put(key, cached);
        }
        return cached;
    }
}
