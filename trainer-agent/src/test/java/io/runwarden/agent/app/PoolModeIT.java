package io.runwarden.agent.app;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.runwarden.agent.kafka.DeadLetters;
import io.runwarden.agent.testing.ItKafka;
import io.runwarden.agent.testing.MetricsReader;
import io.runwarden.agent.testing.TestKafka;
import io.runwarden.agent.testing.TestSpecs;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.MetricType;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.RunRequest;
import io.runwarden.protocol.RunStarted;
import io.runwarden.protocol.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pool mode: the agent takes run requests from runwarden.run-requests, one at a time. */
@QuarkusTest
@WithTestResource(ItKafka.class)
@TestProfile(PoolModeIT.Profile.class)
class PoolModeIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("runwarden.agent.mode", "pool", "runwarden.agent.id", "pool-it",
                    "runwarden.agent.work-dir", "target/it-pool-runs",
                    "runwarden.agent.heartbeat-interval", "300ms", "runwarden.agent.progress-every", "10");
        }
    }

    @TestHTTPResource("/")
    URL root;

    private final String bootstrap = ItKafka.bootstrapServers();

    @Test
    void aRequestIsTrainedAndAPoisonOrInvalidRequestDoesNotStopThePool() throws Exception {
        String poisonKey = "poison-" + UUID.randomUUID().toString().substring(0, 8);
        String badRun = "pool-bad-" + UUID.randomUUID().toString().substring(0, 8);
        String goodRun = "pool-ok-" + UUID.randomUUID().toString().substring(0, 8);

        TestKafka.sendText(bootstrap, Topics.RUN_REQUESTS, poisonKey, "not json at all");
        TestKafka.sendRequest(bootstrap, new RunRequest(badRun, io.runwarden.protocol.codec.ProtocolCodec
                .specFromJson("{\"batchSize\":0,\"maxSteps\":10}"), null, null, "test", System.currentTimeMillis()));
        TestKafka.sendRequest(bootstrap, new RunRequest(goodRun, TestSpecs.shortRun(), null, "sweep-p", "test",
                System.currentTimeMillis()));

        try (MetricsReader good = new MetricsReader(bootstrap, goodRun);
             MetricsReader bad = new MetricsReader(bootstrap, badRun)) {
            await().atMost(PATIENCE).until(() -> bad.has(MetricType.RUN_FINISHED));
            RunFinished failed = (RunFinished) bad.ofType(MetricType.RUN_FINISHED).get(0);
            assertEquals(FinishStatus.FAILED, failed.status());
            assertTrue(failed.reason().contains("batchSize"), failed.reason());

            await().atMost(PATIENCE).until(() -> good.has(MetricType.RUN_FINISHED));
            List<MetricEvent> events = good.events();
            RunStarted started = (RunStarted) events.get(0);
            assertEquals("pool-it", started.agentId());
            assertEquals("sweep-p", started.sweepId());
            assertEquals(FinishStatus.COMPLETED, ((RunFinished) events.get(events.size() - 1)).status());
            assertEquals(TestSpecs.SHORT_STEPS, good.ofType(MetricType.TRAIN).size());
        }
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<ConsumerRecord<String, byte[]>> dlq = TestKafka.readAll(bootstrap,
                    Topics.deadLetter(Topics.RUN_REQUESTS)).stream().filter(r -> poisonKey.equals(r.key())).toList();
            assertEquals(1, dlq.size());
            assertNotNull(dlq.get(0).headers().lastHeader(DeadLetters.ERROR_HEADER));
        });

        String ready = get("q/health/ready");
        assertTrue(ready.contains("\"status\": \"UP\"") || ready.contains("\"status\":\"UP\""), ready);
        assertTrue(ready.contains("poolLoop"), ready);
        String metrics = get("q/metrics");
        assertTrue(metrics.contains("runwarden_agent_steps_total"), "steps metric");
        assertTrue(metrics.contains("runwarden_agent_telemetry_dropped_total"), "dropped metric");
        assertTrue(metrics.contains("runwarden_agent_telemetry_buffered"), "buffer metric");
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(root + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }
}
