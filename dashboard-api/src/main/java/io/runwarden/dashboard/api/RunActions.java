package io.runwarden.dashboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwarden.dashboard.kafka.CommandPublisher;
import io.runwarden.dashboard.state.RunRegistry;
import io.runwarden.dashboard.state.RunState;
import io.runwarden.protocol.FieldError;
import io.runwarden.protocol.RollbackCommand;
import io.runwarden.protocol.RunCommand;
import io.runwarden.protocol.RunRequest;
import io.runwarden.protocol.RunSpec;
import io.runwarden.protocol.StopCommand;
import io.runwarden.protocol.codec.ProtocolCodec;
import io.runwarden.protocol.codec.ProtocolException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a person does to runs: stop, roll back, submit. Validates the body (each error names its field), builds
 * the protocol message with {@code origin = user:<name>} and {@code rule = manual}, and sends it. The sweep
 * endpoint ({@link SweepActions}) submits its members through {@link #submitRequest(RunRequest)}.
 */
@ApplicationScoped
public class RunActions {

    public static final String MANUAL_RULE = "manual";
    private static final Set<String> STOP_FIELDS = Set.of("reason", "restoreCheckpointId");
    private static final Set<String> ROLLBACK_FIELDS = Set.of("checkpointId", "lrFactor", "skipBatches", "reason");
    private static final Set<String> SUBMIT_FIELDS = Set.of("runId", "spec", "policy", "sweepId");
    private static final int MAX_REASON = 500;

    private final RunRegistry registry;
    private final CommandPublisher publisher;
    private final Clock clock = Clock.systemUTC();

    public RunActions(RunRegistry registry, CommandPublisher publisher) {
        this.registry = registry;
        this.publisher = publisher;
    }

    /** The run's current step, refusing unknown (404) and finished (409) runs. */
    private RunState liveRun(String runId, java.util.function.Function<RunState, RunCommand> build,
                             RunCommand[] out) {
        return registry.read(runId, state -> {
            if (state.status().finished()) {
                throw new ApiException(409, "Run finished", "run '" + runId + "' already finished as "
                        + state.status().wireName(), "runId", null);
            }
            out[0] = build.apply(state);
            return state;
        }).orElseThrow(() -> ApiException.notFound(runId));
    }

    public Uni<RunCommand> stop(String runId, JsonNode body, String user) {
        checkObject(body, STOP_FIELDS);
        String reason = text(body, "reason", MAX_REASON);
        String restore = optionalId(body, "restoreCheckpointId");
        RunCommand[] command = new RunCommand[1];
        liveRun(runId, state -> {
            Long restoreStep = null;
            if (restore != null) {
                restoreStep = state.checkpointStep(restore);
                if (restoreStep == null) {
                    throw ApiException.badRequest("restoreCheckpointId", "run '" + runId
                            + "' announced no checkpoint '" + restore + "'");
                }
            }
            return new StopCommand(commandId(runId, state.step()), runId, MANUAL_RULE,
                    reason == null ? "stopped by " + user : reason, state.step(), clock.millis(), "user:" + user,
                    Map.of(), restore, restoreStep);
        }, command);
        return publisher.send(command[0]).replaceWith(command[0]);
    }

    public Uni<RunCommand> rollback(String runId, JsonNode body, String user) {
        checkObject(body, ROLLBACK_FIELDS);
        String checkpoint = optionalId(body, "checkpointId");
        double lrFactor = number(body, "lrFactor", 0.5);
        if (!(lrFactor > 0 && lrFactor <= 10)) {
            throw ApiException.badRequest("lrFactor", "lrFactor must be in (0, 10], was " + lrFactor);
        }
        double skip = number(body, "skipBatches", 0);
        if (skip < 0 || skip > 1_000_000 || skip != Math.rint(skip)) {
            throw ApiException.badRequest("skipBatches", "skipBatches must be a whole number in [0, 1000000]");
        }
        String reason = text(body, "reason", MAX_REASON);
        RunCommand[] command = new RunCommand[1];
        liveRun(runId, state -> {
            String id = checkpoint != null ? checkpoint : state.lastCheckpointId();
            if (id == null) {
                throw ApiException.badRequest("checkpointId", "run '" + runId + "' announced no checkpoint yet");
            }
            Long toStep = state.checkpointStep(id);
            if (toStep == null) {
                throw ApiException.badRequest("checkpointId", "run '" + runId + "' announced no checkpoint '"
                        + id + "'");
            }
            return new RollbackCommand(commandId(runId, state.step()), runId, MANUAL_RULE,
                    reason == null ? "rolled back by " + user : reason, state.step(), clock.millis(),
                    "user:" + user, Map.of(), id, toStep, lrFactor, (int) skip);
        }, command);
        return publisher.send(command[0]).replaceWith(command[0]);
    }

    public Uni<RunRequest> submit(JsonNode body, String user) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("spec", "the body must be a JSON object with a 'spec'");
        }
        checkObject(body, SUBMIT_FIELDS);
        String runId = optionalId(body, "runId");
        if (runId == null) {
            runId = "run-" + UUID.randomUUID().toString().substring(0, 8);
        }
        String sweepId = optionalId(body, "sweepId");
        JsonNode specNode = body.get("spec");
        if (specNode == null) {
            throw ApiException.badRequest("spec", "spec is required (a run spec object; {} takes every default)");
        }
        RunSpec spec;
        try {
            spec = ProtocolCodec.specFromJson(specNode);
        } catch (ProtocolException e) {
            throw ApiException.badRequest(e.field() == null ? "spec" : "spec." + e.field(), e.getMessage());
        }
        List<FieldError> errors = spec.validate();
        if (!errors.isEmpty()) {
            throw new ApiException(400, "Invalid parameter", "the spec has " + errors.size() + " invalid field(s): "
                    + errors, "spec." + errors.get(0).field(),
                    errors.stream().map(e -> "spec." + e).toList());
        }
        JsonNode policy = body.get("policy");
        if (policy != null && !policy.isNull() && !policy.isObject()) {
            throw ApiException.badRequest("policy", "policy must be a JSON object");
        }
        return submitRequest(new RunRequest(runId, spec, policy == null || policy.isNull() ? null : policy,
                sweepId, user, clock.millis()));
    }

    /** Sends a validated run request to the agent pool. */
    public Uni<RunRequest> submitRequest(RunRequest request) {
        return publisher.send(request).replaceWith(request);
    }

    private static String commandId(String runId, long step) {
        // Unique per action: two people (or one twice) may act at the same step.
        return runId + "/" + MANUAL_RULE + "/" + step + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void checkObject(JsonNode body, Set<String> allowed) {
        if (body == null || body.isNull()) {
            return;
        }
        if (!body.isObject()) {
            throw ApiException.badRequest("body", "the body must be a JSON object");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest(name, "unknown field '" + name + "'; known fields are " + allowed);
            }
        }
    }

    private static String text(JsonNode body, String field, int maxLength) {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().length() > maxLength) {
            throw ApiException.badRequest(field, field + " must be a string of at most " + maxLength + " characters");
        }
        return v.asText();
    }

    private static String optionalId(JsonNode body, String field) {
        String v = text(body, field, 128);
        return v == null ? null : Inputs.id(field, v);
    }

    private static double number(JsonNode body, String field, double defaultValue) {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw ApiException.badRequest(field, field + " must be a finite number");
        }
        return v.asDouble();
    }
}
