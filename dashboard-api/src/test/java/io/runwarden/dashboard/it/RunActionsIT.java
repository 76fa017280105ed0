package io.runwarden.dashboard.it;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runwarden.localkafka.KafkaTestResource;
import io.runwarden.protocol.RollbackCommand;
import io.runwarden.protocol.RunCommand;
import io.runwarden.protocol.RunRequest;
import io.runwarden.protocol.StopCommand;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.codec.ProtocolCodec;
import io.runwarden.protocol.RollbackDone;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stop, roll back and submit: who may, what is refused, and what lands on the topics. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SecurityTestResource.class)
class RunActionsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String RUN = "actions-run";

    @BeforeAll
    static void aRunningRun() {
        TestKafka.metric(Runs.started(RUN, 500, null));
        for (long s = 1; s <= 30; s++) {
            TestKafka.metric(Runs.train(RUN, s));
        }
        TestKafka.metric(Runs.checkpoint(RUN, 20));
        TestKafka.metric(Runs.train(RUN, 31));
    }

    private static void awaitRun() {
        // The run is known with its checkpoint (its step may already be 20 if the rollback test ran first).
        await().atMost(DEADLINE).untilAsserted(() -> given().get("/api/runs/" + RUN).then()
                .body("lastCheckpointId", equalTo("step-20")));
    }

    @Test
    void changesNeedAnOperator() {
        awaitRun();
        given().contentType("application/json").body("{}").post("/api/runs/" + RUN + "/stop").then()
                .statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        given().auth().oauth2("not-a-token-we-know").contentType("application/json").body("{}")
                .post("/api/runs/" + RUN + "/stop").then().statusCode(401);
        given().auth().oauth2("not-a-token-we-know").get("/api/runs").then().statusCode(401);
        given().auth().oauth2(TestCredentials.viewerToken()).contentType("application/json").body("{}")
                .post("/api/runs/" + RUN + "/stop").then().statusCode(403).body("status", equalTo(403));
        given().auth().oauth2(TestCredentials.jwt("vera", "viewer")).contentType("application/json").body("{}")
                .post("/api/runs/" + RUN + "/rollback").then().statusCode(403);
        given().auth().oauth2(TestCredentials.viewerToken()).get("/api/runs").then().statusCode(200);
        given().auth().oauth2(TestCredentials.operatorToken()).contentType("application/json").body("{}")
                .post("/api/runs/no-such-run/stop").then().statusCode(404);
        given().auth().oauth2(TestCredentials.operatorToken()).contentType("application/json")
                .body("{\"lrFactor\": -1}").post("/api/runs/" + RUN + "/rollback").then().statusCode(400)
                .body("field", equalTo("lrFactor"));
        given().auth().oauth2(TestCredentials.operatorToken()).contentType("application/json")
                .body("{\"checkpointId\": \"step-999\"}").post("/api/runs/" + RUN + "/rollback").then()
                .statusCode(400).body("field", equalTo("checkpointId"));
        given().auth().oauth2(TestCredentials.operatorToken()).contentType("application/json")
                .body("{\"colour\": \"red\"}").post("/api/runs/" + RUN + "/stop").then()
                .statusCode(400).body("field", equalTo("colour"));
    }

    @Test
    void aRollbackByHandGoesToTheCommandsTopicWithTheCallerAsOrigin() {
        awaitRun();
        String commandId = given().auth().oauth2(TestCredentials.jwt("jo", "operator"))
                .contentType("application/json")
                .body("{\"checkpointId\": \"step-20\", \"lrFactor\": 0.5, \"skipBatches\": 3, \"reason\": \"spike\"}")
                .post("/api/runs/" + RUN + "/rollback").then().statusCode(202)
                .body("origin", equalTo("user:jo")).body("rule", equalTo("manual"))
                .extract().path("commandId");
        var record = TestKafka.await(Topics.COMMANDS, r -> RUN.equals(r.key())
                && ProtocolCodec.decodeCommand(r.value()).commandId().equals(commandId), DEADLINE);
        assertTrue(record.isPresent(), "the ROLLBACK is on runwarden.commands, keyed by the run");
        RollbackCommand c = (RollbackCommand) ProtocolCodec.decodeCommand(record.get().value());
        assertEquals("user:jo", c.origin());
        assertEquals("manual", c.rule());
        assertEquals("step-20", c.checkpointId());
        assertEquals(20, c.toStep());
        assertEquals(0.5, c.lrFactor());
        assertEquals(3, c.skipBatches());
        assertTrue(c.atStep() == 31 || c.atStep() == 20, "the run's current step: " + c.atStep());

        // The dashboard reads its own command back and settles it when the agent reports it obeyed.
        await().atMost(DEADLINE).untilAsserted(() -> given().get("/api/runs/" + RUN).then()
                .body("commands.commandId", hasItem(commandId)));
        TestKafka.metric(new RollbackDone(RUN, 20, System.currentTimeMillis(), 31, "step-20", 0.5, 3, commandId));
        await().atMost(DEADLINE).untilAsserted(() -> given().get("/api/runs/" + RUN).then()
                .body("commands.find { it.commandId == '" + commandId + "' }.outcome", equalTo("obeyed"))
                .body("markers.kind", hasItem("rollback")));
    }

    @Test
    void aStopByHandWithAStaticToken() {
        awaitRun();
        String commandId = given().auth().oauth2(TestCredentials.operatorToken()).contentType("application/json")
                .body("{\"reason\": \"enough\"}").post("/api/runs/" + RUN + "/stop").then().statusCode(202)
                .body("type", equalTo("STOP")).extract().path("commandId");
        // curl -X POST without a body or a content type works too
        given().auth().oauth2(TestCredentials.operatorToken()).post("/api/runs/" + RUN + "/stop").then()
                .statusCode(202).body("origin", equalTo("user:ann"));
        var record = TestKafka.await(Topics.COMMANDS, r -> RUN.equals(r.key())
                && ProtocolCodec.decodeCommand(r.value()).commandId().equals(commandId), DEADLINE);
        RunCommand c = ProtocolCodec.decodeCommand(record.orElseThrow().value());
        assertTrue(c instanceof StopCommand);
        assertEquals("user:ann", c.origin());
        assertEquals("enough", c.reason());
    }

    @Test
    void aSubmittedRunGoesToTheRunRequestsTopic() {
        given().auth().oauth2(TestCredentials.operatorToken()).contentType("application/json")
                .body("{\"runId\": \"submitted-1\", \"spec\": {\"learningRate\": 0.0003, \"schedule\": \"wsd\", "
                        + "\"epochs\": 2}, \"policy\": {\"earlyStopping\": {\"patience\": 3}}}")
                .post("/api/runs").then().statusCode(202).body("runId", equalTo("submitted-1"));
        var record = TestKafka.await(Topics.RUN_REQUESTS, r -> "submitted-1".equals(r.key()), DEADLINE);
        RunRequest request = ProtocolCodec.decodeRunRequest(record.orElseThrow().value());
        assertEquals("ann", request.submittedBy());
        assertEquals(3e-4, request.spec().learningRate());
        assertEquals("wsd", request.spec().schedule());
        assertEquals(3, request.policy().get("earlyStopping").get("patience").asInt());

        given().auth().oauth2(TestCredentials.operatorToken()).contentType("application/json")
                .body("{\"spec\": {\"learningrate\": 0.1}}").post("/api/runs").then().statusCode(400)
                .body("field", equalTo("spec.learningrate"));
        given().auth().oauth2(TestCredentials.operatorToken()).contentType("application/json")
                .body("{\"spec\": {\"learningRate\": -1, \"schedule\": \"zigzag\"}}").post("/api/runs").then()
                .statusCode(400).body("field", equalTo("spec.learningRate"))
                .body("errors.size()", equalTo(2));
        given().auth().oauth2(TestCredentials.operatorToken()).contentType("application/json")
                .body("{\"runId\": \"bad id\", \"spec\": {}}").post("/api/runs").then().statusCode(400)
                .body("field", equalTo("runId"));
        given().contentType("application/json").body("{\"spec\": {}}").post("/api/runs").then().statusCode(401);
        given().auth().oauth2(TestCredentials.operatorToken()).contentType("application/json")
                .body("{not json").post("/api/runs").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("body"));
    }
}
