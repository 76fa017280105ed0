package io.runwarden.dashboard.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.runwarden.dashboard.DashboardConfig;
import io.runwarden.dashboard.security.ReadAccessFilter;
import io.runwarden.dashboard.state.Metric;
import io.runwarden.dashboard.state.RunRegistry;
import io.runwarden.dashboard.state.SeriesView;
import io.runwarden.dashboard.state.SweepListItem;
import io.runwarden.protocol.sweep.SweepSummary;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
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
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hyperparameter sweeps: submit one (expanded into member runs on the agent pool), list them, and a sweep's view
 * computed from the dashboard's run state — members, prunes with the analyzer's evidence, the winner so far and
 * the GPU steps saved.
 */
@Path("/api/sweeps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sweeps")
@NonBlocking
public class SweepsResource {

    private final RunRegistry registry;
    private final SweepActions actions;
    private final DashboardConfig config;

    public SweepsResource(RunRegistry registry, SweepActions actions, DashboardConfig config) {
        this.registry = registry;
        this.actions = actions;
        this.config = config;
    }

    @GET
    @Operation(summary = "List sweeps", description = "Every sweep with a member run known to the dashboard: "
            + "member counts, the winner so far and the GPU steps saved; the one updated last first.")
    public List<SweepListItem> list() {
        return registry.sweeps();
    }

    @GET
    @Path("{sweepId}")
    @Operation(summary = "A sweep's members, prunes and winner", description = "Members (natural run id order) with "
            + "the hyperparameters the sweep varies, status (running, pruned, completed, stopped, failed, lost), best "
            + "validation loss and its step; a member stopped by a sweep-* STOP carries prune: rule, step, rung, "
            + "reason and the analyzer's evidence. gpuStepsSaved: for each member stopped early, totalSteps − the "
            + "step it finished at.")
    @APIResponse(responseCode = "200", description = "the sweep")
    @APIResponse(responseCode = "404", description = "no run of this sweep is known")
    public SweepSummary sweep(@PathParam("sweepId") String sweepId) {
        Inputs.id("sweepId", sweepId);
        return registry.sweep(sweepId).orElseThrow(() -> unknown(sweepId));
    }

    @GET
    @Path("{sweepId}/series")
    @Operation(summary = "Every member's validation-loss series", description = "run id → series (steps, values, "
            + "nonFinite), downsampled to about maxPoints each.")
    @APIResponse(responseCode = "404", description = "no run of this sweep is known")
    public Map<String, SeriesView> series(@PathParam("sweepId") String sweepId,
                                          @QueryParam("maxPoints") Integer maxPoints) {
        Inputs.id("sweepId", sweepId);
        int points = Inputs.range("maxPoints", maxPoints, config.api().defaultSeriesPoints(), 2,
                config.api().maxSeriesPoints());
        List<String> ids = registry.sweepMemberIds(sweepId);
        if (ids.isEmpty()) {
            throw unknown(sweepId);
        }
        Map<String, SeriesView> out = new LinkedHashMap<>();
        for (String id : ids) {
            registry.series(id, Metric.VAL_LOSS, null, null, points).ifPresent(s -> out.put(id, s));
        }
        return out;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("operator")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Submit a hyperparameter sweep", description = "Body: a sweep spec (sweepId, base, grid, "
            + "random, seed, budget, linearScaling, pruning, policy; see the README). Expanded into members "
            + "<sweepId>-<index>; one run request per member goes to runwarden.run-requests (key = run id) with the "
            + "sweepId and a policy holding the spec's single-run policy plus the pruning policy under 'sweep'.")
    @APIResponse(responseCode = "202", description = "the sweep id, the policy each member carries, the members and "
            + "their varied hyperparameters")
    @APIResponse(responseCode = "400", description = "an invalid field of the sweep spec, named (all in errors)")
    @APIResponse(responseCode = "401", description = "no or bad credentials")
    @APIResponse(responseCode = "403", description = "not an operator")
    public Uni<Response> submit(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            example = "{\"sweepId\": \"lr-sweep\", \"base\": {\"epochs\": 1, \"schedule\": \"cosine\"}, "
                    + "\"grid\": {\"learningRate\": [5e-5, 1e-4, 2e-4, 5e-4]}, \"pruning\": {\"rule\": \"median\"}}"))
                                String body, @Context ContainerRequestContext request) {
        return actions.submit(body, user(request))
                .map(s -> Response.accepted(s).type(MediaType.APPLICATION_JSON).build());
    }

    private static ApiException unknown(String sweepId) {
        return new ApiException(404, "Unknown sweep", "no run of sweep '" + sweepId + "' is known to the dashboard",
                "sweepId", null);
    }

    private static String user(ContainerRequestContext request) {
        SecurityIdentity identity = (SecurityIdentity) request.getProperty(ReadAccessFilter.IDENTITY);
        return identity == null || identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }
}
