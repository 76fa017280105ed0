package io.runwarden.dashboard.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runwarden.dashboard.state.Metric;
import io.runwarden.dashboard.state.RunRegistry;
import io.runwarden.localkafka.KafkaTestResource;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.codec.ProtocolCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The app starts after the runs happened (a restart): it must rebuild their state from the topics, and that
 * state must equal the one a fresh consumer rebuilds from everything retained.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SecurityTestResource.class)
@WithTestResource(SeedBeforeStartResource.class)
class RestartRebuildIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LONG = SeedBeforeStartResource.LONG_RUN;
    private static final String STOPPED = SeedBeforeStartResource.STOPPED_RUN;

    @Test
    void stateProducedBeforeTheStartIsRebuiltFromTheTopics() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            given().get("/api/runs/" + LONG).then().statusCode(200)
                    .body("summary.step", equalTo(1500))
                    .body("summary.health", equalTo("rolled-back"))
                    .body("commands[0].outcome", equalTo("obeyed"));
            given().get("/api/runs/" + STOPPED).then().statusCode(200)
                    .body("summary.status", equalTo("stopped"))
                    .body("commands[0].outcome", equalTo("obeyed"));
        });

        RunRegistry fresh = new RunRegistry(1000, 1000, 500);
        List<ConsumerRecord<String, byte[]>> records = TestKafka.readAll(List.of(Topics.METRICS, Topics.COMMANDS,
                Topics.ALERTS, Topics.RUN_HEALTH), Duration.ofSeconds(3));
        for (ConsumerRecord<String, byte[]> r : records) {
            if (!LONG.equals(r.key()) && !STOPPED.equals(r.key())) {
                continue;
            }
            switch (r.topic()) {
                case Topics.METRICS -> fresh.apply(ProtocolCodec.decodeMetric(r.value()));
                case Topics.COMMANDS -> fresh.apply(ProtocolCodec.decodeCommand(r.value()));
                case Topics.ALERTS -> fresh.apply(ProtocolCodec.decodeAlert(r.value()));
                default -> fresh.apply(ProtocolCodec.decodeHealth(r.value()));
            }
        }
        for (String run : List.of(LONG, STOPPED)) {
            JsonNode served = JSON.readTree(given().get("/api/runs/" + run).then().extract().asString());
            JsonNode rebuilt = JSON.readTree(JSON.writeValueAsString(fresh.detail(run).orElseThrow()));
            assertEquals(rebuilt.get("summary"), served.get("summary"), run + " summary");
            assertEquals(rebuilt.get("spec"), served.get("spec"), run + " spec");
            assertEquals(rebuilt.get("alerts"), served.get("alerts"), run + " alerts");
            assertEquals(sorted(rebuilt.get("commands")), sorted(served.get("commands")), run + " commands");
            assertEquals(sorted(rebuilt.get("markers")), sorted(served.get("markers")), run + " markers");
        }
        JsonNode servedLoss = JSON.readTree(given().get("/api/runs/" + LONG + "/series?metrics=loss&maxPoints=10000")
                .then().extract().asString()).get("loss");
        JsonNode rebuiltLoss = JSON.readTree(JSON.writeValueAsString(
                fresh.series(LONG, Metric.LOSS, null, null, 10000).orElseThrow()));
        assertEquals(rebuiltLoss, servedLoss);
        assertTrue(servedLoss.get("storedPoints").asInt() <= 1000 + 2 * 500, "bounded history");
        assertTrue(servedLoss.get("nonFinite").toString().contains("{\"step\":2000,\"value\":\"NaN\"}"),
                "the NaN at 2000 is kept, marked: " + servedLoss.get("nonFinite"));
        assertTrue(servedLoss.get("values").toString().contains("40.0"), "the spike at 1234 is kept");
    }

    private static TreeSet<String> sorted(JsonNode array) {
        TreeSet<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.toString()));
        return out;
    }
}
