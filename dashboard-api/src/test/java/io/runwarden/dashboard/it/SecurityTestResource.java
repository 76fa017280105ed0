package io.runwarden.dashboard.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Configures the app under test with credentials made at test time (see {@link TestCredentials}). */
public class SecurityTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "runwarden.dashboard.auth.tokens", TestCredentials.staticTokens(),
                "mp.jwt.verify.publickey.location", TestCredentials.publicKeyLocation(),
                "mp.jwt.verify.issuer", TestCredentials.ISSUER,
                "runwarden.dashboard.sse.max-clients-per-caller", "6",
                "runwarden.dashboard.sse.summary-interval", "100ms");
    }

    @Override
    public void stop() {
    }
}
