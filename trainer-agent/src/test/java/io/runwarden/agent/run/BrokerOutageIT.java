package io.runwarden.agent.run;

import io.runwarden.agent.kafka.KafkaSettings;
import io.runwarden.agent.testing.Agents;
import io.runwarden.agent.testing.MetricsReader;
import io.runwarden.agent.testing.TestSpecs;
import io.runwarden.localkafka.EmbeddedKafkaBroker;
import io.runwarden.localkafka.TopicBootstrap;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.MetricType;
import io.runwarden.protocol.Topics;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The broker goes away mid-run: training must go on, and every message must arrive, in order, once the broker
 * is back. Uses its own broker (stopped and restarted on the same port and data directory), not the shared one.
 */
class BrokerOutageIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path dataDir;
    private EmbeddedKafkaBroker broker;
    private Agent agent;

    @BeforeAll
    static void brokerFaultsFailTheTestInsteadOfExiting() {
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("embedded Kafka asked to exit(" + code + "): " + message);
        });
        Exit.setHaltProcedure((code, message) -> {
            throw new IllegalStateException("embedded Kafka asked to halt(" + code + "): " + message);
        });
    }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void trainingGoesOnWhileTheBrokerIsDownAndEveryMessageArrivesInOrderWhenItReturns() throws Exception {
        int port = freePort();
        int controllerPort = freePort();
        broker = newBroker(port, controllerPort).start();
        String bootstrap = broker.bootstrapServers();
        TopicBootstrap.createProtocolTopics(bootstrap, Topics.DEFAULT_PARTITIONS);
        // Short flush timeout: the job returns soon after training, without waiting for the broker.
        agent = Agents.create(new KafkaSettings(Map.of("bootstrap.servers", bootstrap), 5, Duration.ofHours(1)),
                Duration.ofSeconds(1));
        String runId = Agents.runId("outage");
        int steps = TestSpecs.OUTAGE_STEPS;

        CompletableFuture<RunOutcome> run = CompletableFuture.supplyAsync(
                () -> agent.runJob(new RunAssignment(runId, TestSpecs.spec(steps, 50), null, null)));
        try (MetricsReader reader = new MetricsReader(bootstrap, runId)) {
            await().atMost(PATIENCE).until(() -> reader.ofType(MetricType.TRAIN).size() >= 3);
        }

        broker.stop();
        assertFalse(run.isDone(), "the run is still training after the broker went away");
        RunOutcome outcome = run.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(FinishStatus.COMPLETED, outcome.status(), "training went on to the end without the broker");
        assertEquals(steps, outcome.step());
        assertFalse(broker.isRunning());
        assertFalse(agent.flush(), "telemetry is held (not delivered, not lost) while the broker is away");

        broker = newBroker(port, controllerPort).start();
        try (MetricsReader reader = new MetricsReader(bootstrap, runId)) {
            await().atMost(PATIENCE).until(() -> reader.has(MetricType.RUN_FINISHED));
            List<MetricEvent> events = reader.events();
            assertEquals(MetricType.RUN_STARTED, events.get(0).type());
            assertEquals(MetricType.RUN_FINISHED, events.get(events.size() - 1).type());
            List<Long> train = events.stream().filter(e -> e.type() == MetricType.TRAIN).map(MetricEvent::step)
                    .toList();
            assertEquals(steps, train.size(), "no step lost");
            for (int i = 0; i < train.size(); i++) {
                assertEquals(i + 1, train.get(i), "steps in order");
            }
            assertEquals(0, agent.buffer().droppedCount());
        }
    }

    private EmbeddedKafkaBroker newBroker(int port, int controllerPort) {
        return EmbeddedKafkaBroker.builder().dataDir(dataDir).port(port).controllerPort(controllerPort).build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
