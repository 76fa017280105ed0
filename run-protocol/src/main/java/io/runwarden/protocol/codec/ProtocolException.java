package io.runwarden.protocol.codec;

/**
 * A message that cannot be decoded: bad JSON, a missing or mistyped required field, an unknown version or type.
 * {@link #field()} names the offending field ({@code null} when the JSON itself is broken).
 */
public class ProtocolException extends RuntimeException {

    private final String field;

    public ProtocolException(String field, String message) {
        super(field == null ? message : "field '" + field + "': " + message);
        this.field = field;
    }

    public ProtocolException(String field, String message, Throwable cause) {
        super(field == null ? message : "field '" + field + "': " + message, cause);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
