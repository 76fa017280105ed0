package io.runwarden.dashboard.api;

import java.util.regex.Pattern;

/** Checks of path and query parameters; each failure names the parameter. */
final class Inputs {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private Inputs() {
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** A request body as JSON; an empty body is null (every field takes its default). */
    static com.fasterxml.jackson.databind.JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("body", "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    static String runId(String runId) {
        return id("runId", runId);
    }

    static String id(String field, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw ApiException.badRequest(field, field + " must match [A-Za-z0-9._-]{1,128}");
        }
        return value;
    }

    static int range(String field, Integer value, int defaultValue, int min, int max) {
        int v = value == null ? defaultValue : value;
        if (v < min || v > max) {
            throw ApiException.badRequest(field, field + " must be between " + min + " and " + max + ", was " + v);
        }
        return v;
    }
}
