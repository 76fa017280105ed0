package io.runwarden.agent.app;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.runwarden.agent.testing.MetricsReader;
import io.runwarden.agent.testing.TestSpecs;
import io.runwarden.agent.testing.ItKafka;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.MetricType;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.RunStarted;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Job mode through the real entry point: exit codes a Kubernetes Job can act on. */
@QuarkusMainTest
@WithTestResource(ItKafka.class)
@TestProfile(JobModeIT.Profile.class)
class JobModeIT {

    static final Path WORK = Path.of("target", "it-job-runs");

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("runwarden.agent.work-dir", WORK.toString(), "runwarden.agent.id", "job-it",
                    "runwarden.agent.heartbeat-interval", "300ms", "runwarden.agent.progress-every", "10");
        }
    }

    @Test
    void aCompletedRunExitsWith0AndPublishesItsRun(QuarkusMainLauncher launcher) throws Exception {
        String runId = "job-ok-" + UUID.randomUUID().toString().substring(0, 8);
        Path spec = write(TestSpecs.json(TestSpecs.SHORT_STEPS));
        Path policy = writeFile("{\"earlyStopping\":{\"patience\":3}}");

        LaunchResult result = launcher.launch("--spec", spec.toString(), "--run-id", runId, "--policy",
                policy.toString());

        assertEquals(0, result.exitCode(), result.getOutput() + result.getErrorOutput());
        try (MetricsReader reader = new MetricsReader(ItKafka.bootstrapServers(), runId)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> reader.has(MetricType.RUN_FINISHED));
            List<MetricEvent> events = reader.events();
            RunStarted started = (RunStarted) events.get(0);
            assertEquals("job-it", started.agentId());
            assertEquals(3, started.policy().get("earlyStopping").get("patience").asInt(), "the policy file");
            assertEquals(FinishStatus.COMPLETED, ((RunFinished) events.get(events.size() - 1)).status());
        }
        assertTrue(Files.isDirectory(WORK.resolve(runId)), "the run trained in its work dir");
    }

    @Test
    void anInvalidSpecExitsWith2BeforeAnyComputeNamingTheField(QuarkusMainLauncher launcher) throws Exception {
        String runId = "job-bad-" + UUID.randomUUID().toString().substring(0, 8);
        Path spec = write("{\"learningRate\":-0.5,\"maxSteps\":10}");

        LaunchResult result = launcher.launch("--spec", spec.toString(), "--run-id", runId);

        assertEquals(2, result.exitCode());
        assertTrue(result.getOutput().contains("learningRate"), result.getOutput());
        assertFalse(Files.exists(WORK.resolve(runId)), "nothing was trained");
        try (MetricsReader reader = new MetricsReader(ItKafka.bootstrapServers(), runId)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> reader.has(MetricType.RUN_FINISHED));
            RunFinished finished = (RunFinished) reader.ofType(MetricType.RUN_FINISHED).get(0);
            assertEquals(FinishStatus.FAILED, finished.status());
            assertTrue(finished.reason().contains("learningRate"), finished.reason());
            assertFalse(reader.has(MetricType.TRAIN));
        }
    }

    @Test
    void aMisspeltFieldOrAMissingSpecFileExitsWith2NamingIt(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult typo = launcher.launch("--spec", write("{\"learningrate\":0.001}").toString());
        assertEquals(2, typo.exitCode());
        assertTrue(typo.getOutput().contains("learningrate"), typo.getOutput());

        LaunchResult missing = launcher.launch("--spec", "target/no-such-spec.json");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.getOutput().contains("runwarden.agent.spec-file"), missing.getOutput());

        LaunchResult none = launcher.launch();
        assertEquals(2, none.exitCode());
        assertTrue(none.getOutput().contains("runwarden.agent.spec-file"), none.getOutput());
    }

    private static Path write(String specJson) throws Exception {
        return writeFile(specJson);
    }

    private static Path writeFile(String json) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it-specs"));
        Path file = dir.resolve(UUID.randomUUID() + ".json");
        Files.writeString(file, json);
        return file;
    }
}
