package io.runwarden.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwarden.localkafka.SharedKafka;
import io.runwarden.protocol.CheckpointSaved;
import io.runwarden.protocol.EvalResult;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.RollbackDone;
import io.runwarden.protocol.RunCommand;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.StopCommand;
import io.runwarden.protocol.TrainStep;
import io.runwarden.protocol.codec.ProtocolJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole platform end to end: the real broker, the analyzer, the dashboard and trainer agents doing real DJL
 * training (child JVMs running the built fast-jars, exactly what {@code ./runwarden up} runs), on a small seeded
 * fleet that shows each failure mode.
 */
class FleetEndToEndIT {

    private static final String TOKEN = "e2e-operator-token";
    private static LocalStack stack;
    private static TopicRecorder recorder;
    private static boolean fleetDone;

    @BeforeAll
    static void runFleet() throws Exception {
        List<FleetRun> fleet;
        try (InputStream in = FleetEndToEndIT.class.getResourceAsStream("/e2e-fleet.json")) {
            fleet = Fleet.parse(ProtocolJson.mapper().readTree(in), "e2e-fleet.json");
        }
        Path work = Files.createTempDirectory("runwarden-e2e-");
        StackOptions options = new StackOptions(Path.of("..").toAbsolutePath().normalize(), work, null, 0,
                SharedKafka.bootstrapServers(), 0, 0, false, Duration.ofMinutes(8), TOKEN, work.resolve("base"), 150,
                0, 0);
        stack = new LocalStack(options, fleet).start();
        fleetDone = stack.awaitFleet(Duration.ofMinutes(8));
        recorder = new TopicRecorder(stack.bootstrapServers());
        recorder.drain(Duration.ofSeconds(3));
    }

    @AfterAll
    static void stop() {
        if (recorder != null) {
            recorder.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyRunFinishesAndEveryAgentExitsCleanly() {
        assertTrue(fleetDone, () -> "fleet did not finish: " + stack.board().snapshot() + "\n"
                + stack.logTail("analyzer", 30));
        stack.agentExitCodes().forEach((runId, code) -> assertEquals(0, code, runId + " agent exit code\n"
                + stack.logTail("agent-" + runId, 40)));
    }

    @Test
    void tooHotRunIsActedOnAtItsFirstNonFiniteStepAndTheAgentConfirms() {
        List<MetricEvent> events = recorder.metricsOf("e2e-too-hot");
        TrainStep firstNonFinite = events.stream().filter(e -> e instanceof TrainStep).map(e -> (TrainStep) e)
                .filter(t -> !Double.isFinite(t.loss()) || !Double.isFinite(t.gradNorm())).findFirst()
                .orElseThrow(() -> new AssertionError("the too-hot run never produced a non-finite loss"));
        List<RunCommand> commands = recorder.commandsOf("e2e-too-hot");
        RunCommand first = commands.get(0);
        assertEquals(firstNonFinite.step(), first.atStep(), "the first command fires on the first non-finite step");
        boolean confirmed = events.stream().anyMatch(e -> e instanceof RollbackDone r
                && r.commandId().equals(first.commandId()))
                || events.stream().anyMatch(e -> e instanceof RunFinished f && f.status() == FinishStatus.STOPPED);
        assertTrue(confirmed, "the agent confirmed " + first);
    }

    @Test
    void overfittingRunIsStoppedWithinPatienceOfItsValidationMinimumWithTheBestCheckpointRestored() {
        List<MetricEvent> events = recorder.metricsOf("e2e-overfits");
        List<EvalResult> evals = events.stream().filter(e -> e instanceof EvalResult).map(e -> (EvalResult) e)
                .toList();
        StopCommand stop = recorder.commandsOf("e2e-overfits").stream()
                .filter(c -> c instanceof StopCommand).map(c -> (StopCommand) c).findFirst()
                .orElseThrow(() -> new AssertionError("no STOP for the overfitting run; evals " + evals));
        int patience = 3;
        int best = 0;
        for (int i = 1; i < evals.size(); i++) {
            if (evals.get(i).valLoss() < evals.get(best).valLoss()) {
                best = i;
            }
        }
        EvalResult bestEval = evals.get(best);
        long evalsAfterBest = evals.stream().filter(e -> e.step() > bestEval.step() && e.step() <= stop.atStep())
                .count();
        assertTrue(evalsAfterBest <= patience, "stopped " + evalsAfterBest + " evaluations after the minimum");
        RunFinished finished = finish(events).orElseThrow();
        assertEquals(FinishStatus.STOPPED, finished.status());
        String bestCheckpoint = events.stream().filter(e -> e instanceof CheckpointSaved c
                        && c.step() == bestEval.step()).map(e -> ((CheckpointSaved) e).checkpointId()).findFirst()
                .orElseThrow(() -> new AssertionError("no checkpoint at the best step " + bestEval.step()));
        assertEquals(bestCheckpoint, stop.restoreCheckpointId());
        assertEquals(bestCheckpoint, finished.restoredCheckpointId(), "the final model is the best checkpoint");
    }

    @Test
    void healthyRunCompletesWithNoCommand() {
        assertTrue(recorder.commandsOf("e2e-healthy").isEmpty(), () -> "" + recorder.commandsOf("e2e-healthy"));
        assertEquals(FinishStatus.COMPLETED, finish(recorder.metricsOf("e2e-healthy")).orElseThrow().status());
    }

    @Test
    void dashboardReportsFinalStatesAlertsAndCommands() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String runId : List.of("e2e-healthy", "e2e-too-hot", "e2e-overfits")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + stack.dashboardPort() + "/api/runs/" + runId)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            JsonNode run = ProtocolJson.mapper().readTree(response.body());
            RunFinished finished = finish(recorder.metricsOf(runId)).orElseThrow();
            assertEquals(finished.status().wireName(), run.path("summary").path("status").asText(), response.body());
            assertEquals(recorder.commandsOf(runId).size(), run.path("commands").size(), response.body());
            assertEquals(recorder.alertsOf(runId).size(), run.path("alerts").size(), response.body());
            for (JsonNode command : run.path("commands")) {
                assertEquals("obeyed", command.path("outcome").asText(), "outcome of " + command);
            }
        }
        assertFalse(recorder.alertsOf("e2e-too-hot").isEmpty());
        assertNotNull(stack.dashboardUrl());
    }

    private static Optional<RunFinished> finish(List<MetricEvent> events) {
        return events.stream().filter(e -> e instanceof RunFinished).map(e -> (RunFinished) e).reduce((a, b) -> b);
    }
}
