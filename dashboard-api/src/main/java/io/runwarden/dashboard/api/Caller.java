package io.runwarden.dashboard.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;

/** Who is calling: the user's name when authenticated, else the client address (for per-caller caps). */
final class Caller {

    private Caller() {
    }

    static String key(SecurityIdentity identity, HttpServerRequest request) {
        if (identity != null && !identity.isAnonymous()) {
            return "user:" + identity.getPrincipal().getName();
        }
        return "addr:" + (request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress());
    }
}
