package io.runwarden.dashboard.it;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.runwarden.localkafka.KafkaTestResource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** With {@code open-reads=false}, reads need a token too (any role). */
@QuarkusTest
@TestProfile(ClosedReadsIT.ClosedReads.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SecurityTestResource.class)
class ClosedReadsIT {

    public static class ClosedReads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("runwarden.dashboard.auth.open-reads", "false");
        }
    }

    @Test
    void anonymousReadsAreRefused() {
        given().get("/api/runs").then().statusCode(401).contentType("application/problem+json")
                .body("status", equalTo(401));
        given().get("/api/runs/stream").then().statusCode(401);
        given().auth().oauth2(TestCredentials.viewerToken()).get("/api/runs").then().statusCode(200);
        given().auth().oauth2(TestCredentials.jwt("vera", "viewer")).get("/api/runs").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
