package io.runwarden.engine;

import io.runwarden.protocol.FieldError;

import java.util.List;
import java.util.stream.Collectors;

/** A run that must not start: every problem found, each naming its field. */
public class InvalidSpecException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidSpecException(List<FieldError> errors) {
        super("invalid run spec: " + errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
