package io.runwarden.dashboard.it;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runwarden.localkafka.KafkaTestResource;
import io.runwarden.protocol.EvalResult;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.RunRequest;
import io.runwarden.protocol.RunStarted;
import io.runwarden.protocol.StopCommand;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.codec.ProtocolCodec;
import io.runwarden.protocol.sweep.SweepPolicy;
import io.runwarden.protocol.sweep.SweepRequests;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** POST /api/sweeps → run requests on the topic; GET /api/sweeps/{id} from the members' messages. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SecurityTestResource.class)
class SweepsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void aSubmittedSweepBecomesOneRunRequestPerMemberCarryingThePruningPolicy() {
        String spec = """
                {"sweepId": "it-lr", "base": {"epochs": 1, "schedule": "cosine", "maxSteps": 300},
                 "grid": {"learningRate": [5e-5, 1e-4, 2e-4, 5e-4]},
                 "pruning": {"rule": "median", "minMembers": 2, "graceEvals": 1},
                 "policy": {"earlyStopping": {"patience": 3}}}""";
        given().auth().oauth2(TestCredentials.operatorToken()).contentType("application/json").body(spec)
                .post("/api/sweeps").then().statusCode(202)
                .body("sweepId", equalTo("it-lr"))
                .body("memberCount", equalTo(4))
                .body("members.runId", equalTo(List.of("it-lr-0", "it-lr-1", "it-lr-2", "it-lr-3")))
                .body("members[2].hyperparameters.learningRate", equalTo(2e-4f))
                .body("policy.sweep.rule", equalTo("median"))
                .body("policy.earlyStopping.patience", equalTo(3));

        Map<String, RunRequest> received = new TreeMap<>();
        TestKafka.await(Topics.RUN_REQUESTS, r -> collect(r, received) && received.size() == 4, DEADLINE);
        assertEquals(List.of("it-lr-0", "it-lr-1", "it-lr-2", "it-lr-3"), List.copyOf(received.keySet()),
                "one request per member, keyed by run id");
        SweepPolicy sent = SweepPolicy.fromJson("{\"rule\": \"median\", \"minMembers\": 2, \"graceEvals\": 1}");
        for (RunRequest request : received.values()) {
            assertEquals("it-lr", request.sweepId());
            assertEquals("user:ann", request.submittedBy());
            assertEquals(sent, SweepRequests.pruningOf(request.policy()), "policy.sweep is the sweep's pruning");
            assertEquals(3, request.policy().path("earlyStopping").path("patience").asInt(),
                    "the single-run policy travels beside it");
            assertEquals(300, request.spec().maxSteps());
        }
        assertEquals(5e-4, received.get("it-lr-3").spec().learningRate());
    }

    private static boolean collect(ConsumerRecord<String, byte[]> record, Map<String, RunRequest> into) {
        RunRequest r = ProtocolCodec.decodeRunRequest(record.value());
        if ("it-lr".equals(r.sweepId())) {
            into.put(r.runId(), r);
        }
        return true;
    }

    @Test
    void onlyOperatorsSubmitAndABadSpecIsNamed() {
        String ok = "{\"sweepId\": \"it-denied\", \"grid\": {\"learningRate\": [1e-4]}}";
        given().contentType("application/json").body(ok).post("/api/sweeps").then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(TestCredentials.viewerToken()).contentType("application/json").body(ok)
                .post("/api/sweeps").then().statusCode(403);
        given().auth().oauth2(TestCredentials.operatorToken()).contentType("application/json")
                .body("{\"sweepId\": \"bad\", \"grid\": {\"learningRate\": [1e-4, -1]}}")
                .post("/api/sweeps").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("grid.learningRate[1]"));
        given().auth().oauth2(TestCredentials.operatorToken()).contentType("application/json")
                .body("{\"sweepId\": \"bad\", \"gird\": {}}").post("/api/sweeps").then().statusCode(400)
                .body("field", equalTo("gird"));
        given().auth().oauth2(TestCredentials.operatorToken()).contentType("application/json")
                .body("{\"grid\": {\"learningRate\": [1e-4]}}").post("/api/sweeps").then().statusCode(400)
                .body("field", equalTo("sweepId"));
        given().auth().oauth2(TestCredentials.operatorToken()).contentType("application/json")
                .body("{\"sweepId\": \"bad\", \"base\": {\"warmupSteps\": 60}, \"grid\": {\"maxSteps\": [100, 50]}}")
                .post("/api/sweeps").then().statusCode(400)
                .body("field", equalTo("members[1] bad-1: warmupSteps"));
        given().auth().oauth2(TestCredentials.operatorToken()).contentType("application/json").body("{oops")
                .post("/api/sweeps").then().statusCode(400);
        given().auth().oauth2(TestCredentials.operatorToken()).contentType("application/json").body("")
                .post("/api/sweeps").then().statusCode(400).body("field", equalTo("sweepId"));
    }

    @Test
    void theSweepViewShowsMembersThePrunedOneTheWinnerAndTheStepsSaved() {
        String sweep = "it-view";
        double[] lrs = {5e-5, 1e-4, 2e-4, 5e-4};
        // member 3 (lr 5e-4) diverges and is pruned at step 100; member 2 wins; member 0 is still running
        double[][] curves = {{1.9, 1.6, 1.45, 1.4}, {1.7, 1.3, 1.15, 1.1}, {1.6, 1.2, 1.0, 0.97}, {2.4, 2.6}};
        for (int i = 0; i < 4; i++) {
            String runId = sweep + "-" + i;
            ObjectNode spec = JsonNodeFactory.instance.objectNode().put("learningRate", lrs[i])
                    .put("schedule", "cosine").put("epochs", 1).put("maxSteps", 200);
            ObjectNode policy = JsonNodeFactory.instance.objectNode();
            policy.set("sweep", SweepPolicy.medianDefaults().toJson());
            TestKafka.metric(new RunStarted(runId, 0, System.currentTimeMillis(), spec, 200, policy, sweep, "a"));
            for (int k = 0; k < curves[i].length; k++) {
                TestKafka.metric(new EvalResult(runId, 50L * (k + 1), System.currentTimeMillis(), 0.25 * (k + 1),
                        curves[i][k], Map.of()));
            }
        }
        TestKafka.command(new StopCommand(sweep + "-3/sweep-median-stopping/100", sweep + "-3",
                "sweep-median-stopping", "valLoss 2.6 is worse than the median 1.25 of 3 members at step 100", 100,
                System.currentTimeMillis(), "analyzer", Map.of("median", 1.25, "step", 100, "value", 2.6,
                "membersCounted", 3), null, null));
        TestKafka.metric(new RunFinished(sweep + "-3", 101, System.currentTimeMillis(), FinishStatus.STOPPED,
                "pruned by the sweep", null));
        TestKafka.metric(new RunFinished(sweep + "-1", 200, System.currentTimeMillis(), FinishStatus.COMPLETED, null,
                null));
        TestKafka.metric(new RunFinished(sweep + "-2", 200, System.currentTimeMillis(), FinishStatus.COMPLETED, null,
                null));

        await().atMost(DEADLINE).untilAsserted(() -> given().get("/api/sweeps/" + sweep).then().statusCode(200)
                .body("memberCount", equalTo(4))
                .body("members.find { it.runId == 'it-view-3' }.status", equalTo("pruned"))
                .body("finished", equalTo(2)));
        given().get("/api/sweeps/" + sweep).then()
                .body("rule", equalTo("median"))
                .body("running", equalTo(1))
                .body("pruned", equalTo(1))
                .body("members.runId", equalTo(List.of("it-view-0", "it-view-1", "it-view-2", "it-view-3")))
                .body("members[0].hyperparameters.learningRate", equalTo(5e-5f))
                .body("members[0].hyperparameters.schedule", nullValue())
                .body("members[3].prune.rule", equalTo("sweep-median-stopping"))
                .body("members[3].prune.step", equalTo(100))
                .body("members[3].prune.reason", equalTo(
                        "valLoss 2.6 is worse than the median 1.25 of 3 members at step 100"))
                .body("members[3].prune.evidence.median", equalTo(1.25f))
                .body("members[3].stepsSaved", equalTo(99))
                .body("members[2].bestValue", equalTo(0.97f))
                .body("members[2].bestStep", equalTo(200))
                .body("winner.runId", equalTo("it-view-2"))
                .body("winner.value", equalTo(0.97f))
                .body("winner.step", equalTo(200))
                .body("gpuStepsSaved", equalTo(99));

        given().get("/api/sweeps").then().statusCode(200).body("sweepId", hasItem(sweep))
                .body("find { it.sweepId == 'it-view' }.winner.runId", equalTo("it-view-2"));
        given().get("/api/sweeps/" + sweep + "/series?maxPoints=100").then().statusCode(200)
                .body("keySet()", hasItems("it-view-0", "it-view-1", "it-view-2", "it-view-3"))
                .body("'it-view-3'.steps", equalTo(List.of(50, 100)));
        given().get("/api/sweeps/no-such-sweep").then().statusCode(404).contentType("application/problem+json")
                .body("field", equalTo("sweepId"));
        given().get("/api/sweeps/bad%20id").then().statusCode(400).body("field", equalTo("sweepId"));
    }
}
