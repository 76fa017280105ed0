package io.runwarden.protocol.sweep;

import io.runwarden.protocol.FieldError;
import io.runwarden.protocol.codec.ProtocolException;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A sweep spec that cannot be run. {@link #errors()} names every offending field, with the member's run id and
 * index where one expanded member is invalid (e.g. {@code members[2] lr-sweep-2: warmupSteps}).
 */
public class InvalidSweepException extends ProtocolException {

    private final List<FieldError> errors;

    public InvalidSweepException(List<FieldError> errors) {
        super(errors.isEmpty() ? null : errors.get(0).field(), errors.stream().map(FieldError::toString)
                .collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public static InvalidSweepException of(String field, String message) {
        return new InvalidSweepException(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    @Override
    public String getMessage() {
        // ProtocolException prefixes the first field; with several errors the joined list says it all.
        return errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
    }
}
