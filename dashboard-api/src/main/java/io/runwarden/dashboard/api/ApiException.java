package io.runwarden.dashboard.api;

import java.util.List;

/** A request the API refuses, with the HTTP status, the field at fault and the words for the caller. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String title;
    private final String field;
    private final List<String> errors;

    public ApiException(int status, String title, String detail, String field, List<String> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.field = field;
        this.errors = errors;
    }

    public static ApiException badRequest(String field, String detail) {
        return new ApiException(400, "Invalid parameter", detail, field, null);
    }

    public static ApiException notFound(String runId) {
        return new ApiException(404, "Unknown run", "no run '" + runId + "' is known to the dashboard", "runId",
                null);
    }

    public Problem problem() {
        Problem p = Problem.of(status, title, getMessage(), field);
        return new Problem(p.type(), p.title(), p.status(), p.detail(), p.field(), errors);
    }

    public int status() {
        return status;
    }
}
