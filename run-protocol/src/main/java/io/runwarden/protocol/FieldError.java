package io.runwarden.protocol;

/** A problem with one named field of a message or a spec. */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
