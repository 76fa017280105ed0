package io.runwarden.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwarden.localkafka.SharedKafka;
import io.runwarden.protocol.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import io.runwarden.protocol.codec.ProtocolJson;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 4-member learning-rate sweep submitted to the dashboard, run by a pool of real agents (DJL training), pruned
 * across runs by the analyzer's median stopping rule: the worst members are stopped early, the best completes, and
 * the dashboard reports the steps saved.
 */
class SweepEndToEndIT {

    private static final String TOKEN = "e2e-sweep-operator-token";
    /** Its members' run ids hash to four different run-requests partitions, so each goes to its own agent. */
    private static final String SWEEP = "e2e-sweep";
    /** One pool agent per run-requests partition: members never queue behind each other. */
    private static final int POOL_AGENTS = 6;
    private static LocalStack stack;
    private static JsonNode sweep;

    @BeforeAll
    static void runSweep() throws Exception {
        Path work = Files.createTempDirectory("runwarden-sweep-e2e-");
        skipRunRequestsAlreadyOnTheSharedBroker();
        StackOptions options = new StackOptions(Path.of("..").toAbsolutePath().normalize(), work, null, 0,
                SharedKafka.bootstrapServers(), 0, 0, true, Duration.ofMinutes(8), TOKEN, work.resolve("base"), 150,
                POOL_AGENTS, 0);
        stack = new LocalStack(options, List.of()).start();
        String spec = """
                {"sweepId": "%s",
                 "base": {"model": "%s", "finetune": "full", "schedule": "constant", "warmupRatio": 0.0,
                          "maxSteps": 60, "evalEverySteps": 10, "batchSize": 8, "gradAccumulation": 1, "seed": 5},
                 "grid": {"learningRate": [1e-6, 1e-5, 1e-4, 1e-3]},
                 "pruning": {"rule": "median", "metric": "valLoss", "mode": "min", "minMembers": 2,
                             "graceEvals": 1}}
                """.formatted(SWEEP, stack.baseModelDir());
        HttpResponse<String> submitted = http(HttpRequest.newBuilder(dashboard("/api/sweeps"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(spec)));
        assertEquals(202, submitted.statusCode(), submitted.body());
        sweep = awaitSweepDone(Duration.ofMinutes(8));
    }

    /**
     * Other tests of this JVM leave run requests on the shared broker; the pool must start after them, or this
     * sweep's members would queue behind them instead of running side by side.
     */
    private static void skipRunRequestsAlreadyOnTheSharedBroker() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            admin.describeTopics(List.of(Topics.RUN_REQUESTS)).allTopicNames().get().get(Topics.RUN_REQUESTS)
                    .partitions().forEach(p -> partitions.put(new TopicPartition(Topics.RUN_REQUESTS, p.partition()),
                            OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(partitions).all().get().forEach((tp, info) ->
                    ends.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(LocalStack.POOL_GROUP, ends).all().get();
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theWorstMembersArePrunedEarlyAndTheBestCompletes() {
        List<JsonNode> members = members();
        assertEquals(4, members.size(), sweep.toPrettyString());
        List<JsonNode> pruned = members.stream().filter(m -> "pruned".equals(m.path("status").asText())).toList();
        assertFalse(pruned.isEmpty(), "no member was pruned: " + sweep.toPrettyString());
        JsonNode best = members.stream().min(Comparator.comparingDouble(m -> m.path("bestValue").asDouble()))
                .orElseThrow();
        assertEquals("completed", best.path("status").asText(), "the best member completes: " + best);
        assertEquals(best.path("runId").asText(), sweep.path("winner").path("runId").asText());
        for (JsonNode member : pruned) {
            assertTrue(member.path("prune").path("rule").asText().startsWith("sweep-"), member.toString());
            assertTrue(member.path("lastStep").asLong() < member.path("totalSteps").asLong(),
                    "a pruned member stopped early: " + member);
        }
    }

    @Test
    void theDashboardReportsTheStepsSaved() {
        assertTrue(sweep.path("gpuStepsSaved").asLong() > 0, sweep.toPrettyString());
    }

    private static List<JsonNode> members() {
        List<JsonNode> members = new ArrayList<>();
        sweep.path("members").forEach(members::add);
        return members;
    }

    private static JsonNode awaitSweepDone(Duration timeout) {
        return Awaitility.await("every member of the sweep finished").atMost(timeout)
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(SweepEndToEndIT::fetchSweep, SweepEndToEndIT::allMembersFinished);
    }

    private static JsonNode fetchSweep() throws Exception {
        HttpResponse<String> response = http(HttpRequest.newBuilder(dashboard("/api/sweeps/" + SWEEP)).GET());
        return response.statusCode() == 200 ? ProtocolJson.mapper().readTree(response.body()) : null;
    }

    private static boolean allMembersFinished(JsonNode summary) {
        if (summary == null) {
            return false;
        }
        List<JsonNode> members = new ArrayList<>();
        summary.path("members").forEach(members::add);
        return members.size() == 4 && members.stream().allMatch(m -> List.of("completed", "stopped", "failed",
                "pruned").contains(m.path("status").asText()));
    }

    private static URI dashboard(String path) {
        return URI.create("http://127.0.0.1:" + stack.dashboardPort() + path);
    }

    private static HttpResponse<String> http(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
