package io.runwarden.dashboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwarden.protocol.FieldError;
import io.runwarden.protocol.RunRequest;
import io.runwarden.protocol.codec.ProtocolException;
import io.runwarden.protocol.sweep.InvalidSweepException;
import io.runwarden.protocol.sweep.SweepExpander;
import io.runwarden.protocol.sweep.SweepMember;
import io.runwarden.protocol.sweep.SweepPlan;
import io.runwarden.protocol.sweep.SweepRequests;
import io.runwarden.protocol.sweep.SweepSpecCodec;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Submits a sweep: reads the sweep spec strictly, expands it, and sends one run request per member through
 * {@link RunActions#submitRequest} — each carrying the sweep's id and, under {@code policy.sweep}, its pruning
 * policy (see {@link SweepRequests}).
 */
@ApplicationScoped
public class SweepActions {

    /** Run requests in flight at once while a sweep is sent (bounded so a 512-member sweep cannot flood). */
    private static final int IN_FLIGHT = 32;

    private final RunActions runs;
    private final Clock clock = Clock.systemUTC();

    public SweepActions(RunActions runs) {
        this.runs = runs;
    }

    /** What the caller gets back: the sweep id, the policy each member carries, the members and what they vary. */
    public record Submitted(String sweepId, int memberCount, int expanded, String submittedBy, JsonNode policy,
                            List<Member> members) {
    }

    public record Member(String runId, Map<String, Object> hyperparameters) {
    }

    public Uni<Submitted> submit(String body, String user) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("sweepId", "the body must be a sweep spec (at least {\"sweepId\": ...})");
        }
        SweepPlan plan;
        try {
            plan = SweepExpander.expand(SweepSpecCodec.fromJson(body));
        } catch (InvalidSweepException e) {
            List<FieldError> errors = e.errors();
            String field = errors.isEmpty() ? null : errors.get(0).field();
            throw new ApiException(400, "Invalid parameter", "invalid sweep spec: " + e.getMessage(), field,
                    errors.stream().map(FieldError::toString).toList());
        } catch (ProtocolException e) {
            throw ApiException.badRequest(e.field() == null ? "body" : e.field(), e.getMessage());
        }
        String submittedBy = "user:" + user;
        List<RunRequest> requests = SweepRequests.of(plan, submittedBy, clock.millis());
        Submitted submitted = new Submitted(plan.spec().sweepId(), plan.members().size(), plan.expanded(),
                submittedBy, SweepRequests.memberPolicy(plan.spec()),
                plan.members().stream().map(SweepActions::member).toList());
        return Multi.createFrom().iterable(requests)
                .onItem().transformToUni(runs::submitRequest).merge(IN_FLIGHT)
                .collect().last()
                .replaceWith(submitted);
    }

    private static Member member(SweepMember m) {
        return new Member(m.runId(), m.hyperparameters());
    }
}
