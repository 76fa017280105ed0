package io.runwarden.dashboard.it;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runwarden.localkafka.KafkaTestResource;
import io.runwarden.protocol.Alert;
import io.runwarden.protocol.HealthVerdict;
import io.runwarden.protocol.RunHealth;
import io.runwarden.protocol.Severity;
import io.runwarden.protocol.Topics;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SecurityTestResource.class)
class RunsApiIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void messagesOnTheTopicsShowUpInTheApi() {
        String run = "api-run-1";
        TestKafka.metric(Runs.started(run, 300, "sweep-api"));
        for (long s = 1; s <= 120; s++) {
            TestKafka.metric(Runs.train(run, s));
        }
        TestKafka.metric(Runs.eval(run, 60));
        TestKafka.metric(Runs.eval(run, 120));
        TestKafka.metric(Runs.train(run, 121, Double.NaN));
        TestKafka.alert(new Alert(run, "non-finite", Severity.ACTION, 121, System.currentTimeMillis(),
                "loss is NaN at step 121", Map.of("loss", "NaN")));
        TestKafka.health(new RunHealth(run, HealthVerdict.WARNING, List.of("loss is NaN"), 121,
                System.currentTimeMillis()));

        await().atMost(DEADLINE).untilAsserted(() -> given().get("/api/runs/" + run).then().statusCode(200)
                .body("summary.step", equalTo(121))
                .body("summary.loss", equalTo("NaN"))
                .body("summary.health", equalTo("warning"))
                .body("summary.status", equalTo("running"))
                .body("summary.sweepId", equalTo("sweep-api"))
                .body("summary.bestValStep", equalTo(120))
                .body("summary.hyperparameters.schedule", equalTo("cosine"))
                .body("spec.batchSize", equalTo(8))
                .body("alerts[0].rule", equalTo("non-finite")));

        given().get("/api/runs/" + run + "/series?metrics=loss,valLoss&maxPoints=50").then().statusCode(200)
                .body("loss.steps.size()", lessThanOrEqualTo(60))
                .body("loss.nonFinite[0].step", equalTo(121))
                .body("loss.nonFinite[0].value", equalTo("NaN"))
                .body("valLoss.steps", contains(60, 120));
        given().get("/api/runs/" + run + "/series?metrics=loss&from=10&to=19").then().statusCode(200)
                .body("loss.steps", hasSize(10));

        given().get("/api/runs?sweep=sweep-api&status=running").then().statusCode(200)
                .body("runs.runId", hasItem(run));
        given().get("/api/runs?health=warning&sort=-bestValLoss&size=100").then().statusCode(200)
                .body("size", equalTo(100)).body("runs.runId", hasItem(run));
    }

    @Test
    void invalidParametersAreNamedAndUnknownRunsAre404() {
        given().get("/api/runs/no-such-run").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404)).body("title", equalTo("Unknown run")).body("field", equalTo("runId"));
        given().get("/api/runs/bad%20id!").then().statusCode(400).body("field", equalTo("runId"));
        given().get("/api/runs?sort=-nonsense").then().statusCode(400).body("field", equalTo("sort"));
        given().get("/api/runs?size=100000").then().statusCode(400).body("field", equalTo("size"));
        given().get("/api/runs?status=sleeping").then().statusCode(400).body("field", equalTo("status"));
        given().get("/api/runs?health=meh").then().statusCode(400).body("field", equalTo("health"));
        given().get("/api/runs/x/series?metrics=accuracy").then().statusCode(400).body("field", equalTo("metrics"));
        given().get("/api/runs/x/series?maxPoints=1").then().statusCode(400).body("field", equalTo("maxPoints"));
        given().get("/api/runs/x/series").then().statusCode(404);
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndConsumptionGoesOn() {
        String run = "api-poison";
        TestKafka.send(Topics.METRICS, run, "{\"v\":1,\"type\":\"train\",\"runId\":\"api-poison\"}"
                .getBytes(StandardCharsets.UTF_8));
        TestKafka.send(Topics.ALERTS, run, "not json at all".getBytes(StandardCharsets.UTF_8));
        TestKafka.metric(Runs.started(run, 10, null));
        TestKafka.metric(Runs.train(run, 1));

        var dead = TestKafka.await(Topics.deadLetter(Topics.METRICS), r -> run.equals(r.key()), DEADLINE);
        assertTrue(dead.isPresent(), "the poison record reached runwarden.metrics.dlq");
        String reason = new String(dead.get().headers().lastHeader("dead-letter-reason").value(),
                StandardCharsets.UTF_8);
        assertTrue(reason.contains("step"), "the error names the missing field: " + reason);
        assertTrue(TestKafka.await(Topics.deadLetter(Topics.ALERTS), r -> run.equals(r.key()), DEADLINE)
                .isPresent());
        await().atMost(DEADLINE).untilAsserted(() -> given().get("/api/runs/" + run).then().statusCode(200)
                .body("summary.step", equalTo(1)));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(java.util.regex.Pattern.compile(
                "runwarden_dashboard_dlq_records_total\\{[^}]*topic=\"runwarden.metrics\"[^}]*} [1-9]")
                .matcher(metrics).find(), () -> metrics.lines().filter(l -> l.contains("runwarden")).toList().toString());
        assertTrue(metrics.contains("runwarden_dashboard_runs"));
    }

    @Test
    void healthOpenApiAndSwaggerUiAreServed() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        String openapi = given().get("/q/openapi").then().statusCode(200).extract().asString();
        assertTrue(openapi.contains("/api/runs/{runId}/series"));
        given().get("/q/swagger-ui/").then().statusCode(200);
        assertEquals(200, given().get("/").then().extract().statusCode());
    }
}
