package io.runwarden.dashboard.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer token that is one of the configured static tokens. */
public final class StaticTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    public StaticTokenRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
