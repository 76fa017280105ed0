package io.runwarden.dashboard.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.runwarden.dashboard.DashboardConfig;
import io.runwarden.dashboard.api.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Resolves the caller of every API request without blocking (authentication is not proactive), refuses bad
 * credentials with 401 even on reads, and refuses anonymous reads when {@code open-reads} is false. Writes are
 * guarded by {@code @RolesAllowed("operator")} on the resource methods.
 */
public class ReadAccessFilter {

    /** Request property holding the resolved {@link SecurityIdentity}. */
    public static final String IDENTITY = "runwarden.identity";

    private final CurrentIdentityAssociation identities;
    private final DashboardConfig config;

    public ReadAccessFilter(CurrentIdentityAssociation identities, DashboardConfig config) {
        this.identities = identities;
        this.config = config;
    }

    @ServerRequestFilter
    public Uni<Response> resolveCaller(ContainerRequestContext request) {
        return identities.getDeferredIdentity()
                .map(identity -> {
                    request.setProperty(IDENTITY, identity);
                    boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
                    if (read && identity.isAnonymous() && !config.auth().openReads()) {
                        return unauthorized("reads need a bearer token (runwarden.dashboard.auth.open-reads=false)");
                    }
                    return (Response) null;
                })
                .onFailure(AuthenticationFailedException.class)
                .recoverWithItem(e -> unauthorized("the bearer token was not accepted"));
    }

    private static Response unauthorized(String detail) {
        return Response.status(401).header("WWW-Authenticate", "Bearer realm=\"runwarden\"").type(Problem.MEDIA_TYPE)
                .entity(Problem.of(401, "Unauthorized", detail, "Authorization")).build();
    }
}
