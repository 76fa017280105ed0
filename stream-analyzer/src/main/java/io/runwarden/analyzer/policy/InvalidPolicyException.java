package io.runwarden.analyzer.policy;

/** A policy document that cannot be used; the message names the offending field, e.g. {@code lossSpike.window}. */
public class InvalidPolicyException extends RuntimeException {

    private final String field;

    public InvalidPolicyException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
