package io.runwarden.dashboard.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runwarden.localkafka.KafkaTestResource;
import io.runwarden.protocol.Alert;
import io.runwarden.protocol.Severity;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SSE streams: a late client gets the state first, then live updates; per-caller cap. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SecurityTestResource.class)
class RunStreamsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TestHTTPResource("/")
    URL base;

    @Test
    void aLateClientGetsASnapshotThenLiveUpdates() throws Exception {
        String run = "stream-run";
        TestKafka.metric(Runs.started(run, 400, "sweep-sse"));
        for (long s = 1; s <= 50; s++) {
            TestKafka.metric(Runs.train(run, s));
        }
        await().atMost(DEADLINE).untilAsserted(() -> given().get("/api/runs/" + run).then()
                .body("summary.step", equalTo(50)));

        try (SseClient one = new SseClient(URI.create(base + "api/runs/" + run + "/stream"));
             SseClient all = new SseClient(URI.create(base + "api/runs/stream"))) {
            assertEquals(200, one.status());
            JsonNode snapshot = one.next(e -> true, DEADLINE);
            assertEquals("snapshot", snapshot.get("type").asText(), "the first event is the snapshot");
            assertEquals(50, snapshot.at("/data/run/summary/step").asInt());
            assertEquals(50, snapshot.at("/data/series/loss/steps").size());
            JsonNode allSnapshot = all.next(e -> true, DEADLINE);
            assertEquals("snapshot", allSnapshot.get("type").asText());
            assertTrue(allSnapshot.at("/data/runs").toString().contains(run));

            TestKafka.metric(Runs.train(run, 51, Double.POSITIVE_INFINITY));
            TestKafka.alert(new Alert(run, "non-finite", Severity.ACTION, 51, System.currentTimeMillis(),
                    "loss is Infinity", Map.of()));
            JsonNode train = one.next(e -> "train".equals(e.get("type").asText()), DEADLINE);
            assertEquals(51, train.get("step").asInt());
            assertEquals("Infinity", train.at("/data/loss").asText(), "non-finite values arrive marked");
            one.next(e -> "alert".equals(e.get("type").asText()), DEADLINE);
            JsonNode changed = all.next(e -> "runs".equals(e.get("type").asText())
                    && e.at("/data/runs").toString().contains(run), DEADLINE);
            assertTrue(changed.at("/data/runs").toString().contains("\"step\":51"));
        }
    }

    @Test
    void unknownRunsAre404AndStreamsPerCallerAreCapped() throws Exception {
        given().get("/api/runs/never-seen/stream").then().statusCode(404);
        List<SseClient> open = new ArrayList<>();
        // A user of its own, so streams other tests left closing do not count against the cap.
        String token = TestCredentials.jwt("cap-" + java.util.UUID.randomUUID(), "viewer");
        try {
            int status = 200;
            for (int i = 0; i < 10 && status == 200; i++) {
                SseClient c = new SseClient(URI.create(base + "api/runs/stream"), token);
                open.add(c);
                status = c.status();
                if (status == 200) {
                    c.next(e -> true, DEADLINE);
                }
            }
            assertEquals(429, status, "beyond the cap of 6 streams per caller");
            assertEquals(7, open.size());
        } finally {
            for (SseClient c : open) {
                c.close();
            }
        }
    }
}
