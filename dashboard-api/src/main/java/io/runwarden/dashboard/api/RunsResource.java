package io.runwarden.dashboard.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.runwarden.dashboard.DashboardConfig;
import io.runwarden.dashboard.live.LiveHub;
import io.runwarden.dashboard.security.ReadAccessFilter;
import io.runwarden.dashboard.state.Metric;
import io.runwarden.dashboard.state.RunDetail;
import io.runwarden.dashboard.state.RunPage;
import io.runwarden.dashboard.state.RunQuery;
import io.runwarden.dashboard.state.RunRegistry;
import io.runwarden.dashboard.state.RunStatus;
import io.runwarden.dashboard.state.SeriesView;
import io.runwarden.protocol.codec.ProtocolCodec;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runs: list, live state, series, live streams, and what people do to them (stop, roll back, submit).
 * Reads are in-memory and run on the event loop; writes complete when Kafka acknowledged the record.
 */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs")
@NonBlocking
public class RunsResource {

    private final RunRegistry registry;
    private final LiveHub hub;
    private final RunActions actions;
    private final DashboardConfig config;

    public RunsResource(RunRegistry registry, LiveHub hub, RunActions actions, DashboardConfig config) {
        this.registry = registry;
        this.hub = hub;
        this.actions = actions;
        this.config = config;
    }

    @GET
    @Operation(summary = "List runs", description = "Filters by status (comma-separated), health verdict and "
            + "sweep; sorts by a field (prefix - for descending: runId, status, step, progress, loss, bestValLoss, "
            + "lastValLoss, startedAt, updatedAt); pages from 0.")
    @APIResponse(responseCode = "200", description = "a page of run summaries")
    @APIResponse(responseCode = "400", description = "an invalid parameter (named in the problem's field)")
    public RunPage list(@QueryParam("status") @Parameter(example = "running,lost") String status,
                        @QueryParam("health") @Parameter(example = "warning") String health,
                        @QueryParam("sweep") String sweep,
                        @QueryParam("sort") @Parameter(example = "-bestValLoss") String sort,
                        @QueryParam("page") Integer page,
                        @QueryParam("size") Integer size) {
        Set<RunStatus> statuses = EnumSet.noneOf(RunStatus.class);
        if (status != null && !status.isBlank()) {
            for (String s : status.split(",")) {
                statuses.add(RunStatus.fromWire(s.trim()).orElseThrow(() -> ApiException.badRequest("status",
                        "status must be among running, completed, stopped, failed, lost; was '" + s + "'")));
            }
        }
        if (health != null && io.runwarden.protocol.HealthVerdict.fromWire(health).isEmpty()) {
            throw ApiException.badRequest("health", "health must be a verdict (healthy, warning, stopped, "
                    + "rolled-back, lost, finished); was '" + health + "'");
        }
        if (sweep != null) {
            Inputs.id("sweep", sweep);
        }
        if (!RunQuery.validSort(sort)) {
            throw ApiException.badRequest("sort", "sort must be one of " + RunQuery.sortFields()
                    + ", optionally prefixed with -; was '" + sort + "'");
        }
        int p = Inputs.range("page", page, 0, 0, 1_000_000);
        int s = Inputs.range("size", size, config.api().defaultPageSize(), 1, config.api().maxPageSize());
        return registry.query(new RunQuery(statuses, health, sweep, sort, p, s));
    }

    @GET
    @Path("{runId}")
    @Operation(summary = "A run's live state", description = "Spec, status, health, progress, losses, "
            + "throughput, ETA, alerts, commands and their outcome, chart markers.")
    @APIResponse(responseCode = "200", description = "the run")
    @APIResponse(responseCode = "404", description = "unknown run")
    public RunDetail run(@PathParam("runId") String runId) {
        return registry.detail(Inputs.runId(runId)).orElseThrow(() -> ApiException.notFound(runId));
    }

    @GET
    @Path("{runId}/series")
    @Operation(summary = "A run's metric series, downsampled", description = "metrics: comma-separated among "
            + "loss, valLoss, lr, gradNorm; from/to: step range; maxPoints: about how many points per series "
            + "(min/max buckets keep spikes). Non-finite values are null in values and listed in nonFinite.")
    public Map<String, SeriesView> series(@PathParam("runId") String runId,
                                          @QueryParam("metrics") @Parameter(example = "loss,valLoss") String metrics,
                                          @QueryParam("from") Long from, @QueryParam("to") Long to,
                                          @QueryParam("maxPoints") Integer maxPoints) {
        Inputs.runId(runId);
        List<Metric> wanted = new ArrayList<>();
        if (metrics == null || metrics.isBlank()) {
            wanted.addAll(List.of(Metric.values()));
        } else {
            for (String m : metrics.split(",")) {
                wanted.add(Metric.fromWire(m.trim()).orElseThrow(() -> ApiException.badRequest("metrics",
                        "metrics must be among loss, valLoss, lr, gradNorm; was '" + m + "'")));
            }
        }
        if (from != null && to != null && from > to) {
            throw ApiException.badRequest("from", "from (" + from + ") is after to (" + to + ")");
        }
        int points = Inputs.range("maxPoints", maxPoints, config.api().defaultSeriesPoints(), 2,
                config.api().maxSeriesPoints());
        Map<String, SeriesView> out = new LinkedHashMap<>();
        for (Metric m : wanted) {
            out.put(m.wireName(), registry.series(runId, m, from, to, points)
                    .orElseThrow(() -> ApiException.notFound(runId)));
        }
        return out;
    }

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live summaries of all runs (SSE)", description = "First a snapshot event with every "
            + "summary, then a 'runs' event with the summaries that changed (and evicted run ids) every "
            + "summary-interval. Each event is a JSON object (see LiveEvent): type, runId, step, ts, data.")
    @APIResponse(responseCode = "429", description = "too many open streams for this caller")
    public Multi<String> streamAll(@Context ContainerRequestContext request, @Context HttpServerRequest http) {
        return hub.allRuns(Caller.key(identity(request), http));
    }

    @GET
    @Path("{runId}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live events of one run (SSE)", description = "First a snapshot event (state and "
            + "series), then train, eval, alert, command, marker, health and status events as they happen.")
    @APIResponse(responseCode = "404", description = "unknown run")
    @APIResponse(responseCode = "429", description = "too many open streams for this caller")
    public Multi<String> streamRun(@PathParam("runId") String runId, @Context ContainerRequestContext request,
                                      @Context HttpServerRequest http) {
        Inputs.runId(runId);
        return hub.run(runId, Caller.key(identity(request), http), config.api().defaultSeriesPoints())
                .orElseThrow(() -> ApiException.notFound(runId));
    }

    @POST
    @Path("{runId}/stop")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("operator")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Stop a run by hand", description = "Body (optional): {\"reason\": \"...\", "
            + "\"restoreCheckpointId\": \"step-150\"}. Sends a STOP to runwarden.commands with origin user:<name> "
            + "and rule manual.")
    @APIResponse(responseCode = "202", description = "the command, as sent")
    @APIResponse(responseCode = "401", description = "no or bad credentials")
    @APIResponse(responseCode = "403", description = "not an operator")
    @APIResponse(responseCode = "409", description = "the run already finished")
    public Uni<jakarta.ws.rs.core.Response> stop(@PathParam("runId") String runId,
                                                 @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                                         example = "{\"reason\": \"enough\", \"restoreCheckpointId\": \"step-150\"}"))
                                                 String body,
                                                 @Context ContainerRequestContext request) {
        return actions.stop(Inputs.runId(runId), Inputs.json(body), user(request))
                .map(c -> accepted(ProtocolCodec.encodeCommand(c)));
    }

    @POST
    @Path("{runId}/rollback")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("operator")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Roll a run back by hand", description = "Body: {\"checkpointId\": \"step-30\", "
            + "\"lrFactor\": 0.5, \"skipBatches\": 4, \"reason\": \"...\"}; checkpointId defaults to the run's "
            + "latest checkpoint and must be one the agent announced.")
    @APIResponse(responseCode = "202", description = "the command, as sent")
    public Uni<jakarta.ws.rs.core.Response> rollback(@PathParam("runId") String runId,
                                                     @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                                             example = "{\"checkpointId\": \"step-30\", \"lrFactor\": 0.5, "
                                                                     + "\"skipBatches\": 4, \"reason\": \"loss spike\"}"))
                                                     String body,
                                                     @Context ContainerRequestContext request) {
        return actions.rollback(Inputs.runId(runId), Inputs.json(body), user(request))
                .map(c -> accepted(ProtocolCodec.encodeCommand(c)));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("operator")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Submit a run to the agent pool", description = "Body: {\"runId\": optional, \"spec\": "
            + "{run spec}, \"policy\": optional stop policy, \"sweepId\": optional}. The spec is validated "
            + "strictly (unknown fields too) and sent to runwarden.run-requests.")
    @APIResponse(responseCode = "202", description = "the run request, as sent")
    @APIResponse(responseCode = "400", description = "an invalid field, named")
    public Uni<jakarta.ws.rs.core.Response> submit(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            example = "{\"runId\": \"lr-3e-4\", \"spec\": {\"learningRate\": 3e-4, \"schedule\": \"cosine\", "
                    + "\"epochs\": 2}, \"policy\": {\"earlyStopping\": {\"patience\": 3}}}")) String body,
                                                   @Context ContainerRequestContext request) {
        return actions.submit(Inputs.json(body), user(request))
                .map(r -> accepted(ProtocolCodec.encodeRunRequest(r)));
    }

    /** The message exactly as it went to Kafka (protocol JSON). */
    private static jakarta.ws.rs.core.Response accepted(byte[] entity) {
        return jakarta.ws.rs.core.Response.accepted(entity).type(MediaType.APPLICATION_JSON).build();
    }

    private static SecurityIdentity identity(ContainerRequestContext request) {
        return (SecurityIdentity) request.getProperty(ReadAccessFilter.IDENTITY);
    }

    private static String user(ContainerRequestContext request) {
        SecurityIdentity identity = identity(request);
        return identity == null || identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }
}
