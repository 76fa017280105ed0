package io.runwarden.analyzer.stream;

import io.runwarden.analyzer.Msgs;
import io.runwarden.analyzer.policy.PolicyParser;
import io.runwarden.analyzer.sweep.SweepState;
import io.runwarden.protocol.Alert;
import io.runwarden.protocol.CommandType;
import io.runwarden.protocol.EvalResult;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.RollbackCommand;
import io.runwarden.protocol.RunCommand;
import io.runwarden.protocol.RunStarted;
import io.runwarden.protocol.StopCommand;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.codec.ProtocolCodec;
import io.runwarden.protocol.kafka.ProtocolSerdes;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cross-run pruning through the real topology: members' events re-keyed by sweepId through the repartition topic,
 * one STOP (key = the pruned member's runId) from the sweep analyzer. Values are chosen so the decisions can be
 * worked out by hand (see each test).
 */
class SweepTopologyTest {

    private static final String MEDIAN = "{\"sweep\":{\"rule\":\"median\",\"minMembers\":3}}";

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> metrics;
    private TestOutputTopic<String, RunCommand> commands;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<String, MetricEvent> sweepEvents;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "runwarden-analyzer-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        AnalyzerSettings settings = new AnalyzerSettings(PolicyParser.builtIn(), Duration.ofHours(1),
                Duration.ofHours(24), Duration.ofSeconds(5));
        driver = new TopologyTestDriver(TopologyFactory.build(settings), props, Instant.ofEpochMilli(Msgs.T0));
        metrics = driver.createInputTopic(Topics.METRICS, new StringSerializer(), new ByteArraySerializer());
        commands = driver.createOutputTopic(Topics.COMMANDS, new StringDeserializer(),
                ProtocolSerdes.commands().deserializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(), ProtocolSerdes.alerts().deserializer());
        sweepEvents = driver.createOutputTopic(TopologyFactory.SWEEP_EVENTS_TOPIC, new StringDeserializer(),
                ProtocolSerdes.metrics().deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private void send(MetricEvent e) {
        metrics.pipeInput(e.runId(), ProtocolCodec.encodeMetric(e), e.ts());
    }

    private static RunStarted member(String runId, String sweepId, String policyJson) {
        RunStarted plain = new Msgs(runId).started(100, policyJson);
        return new RunStarted(plain.runId(), plain.step(), plain.ts(), plain.spec(), plain.totalSteps(),
                plain.policy(), sweepId, plain.agentId());
    }

    private static EvalResult eval(String runId, long step, double valLoss) {
        return new Msgs(runId).eval(step, valLoss);
    }

    private List<TestRecord<String, RunCommand>> allCommands() {
        return commands.readRecordsToList();
    }

    /**
     * Median rule, minMembers 3, graceEvals 1 (the step-10 evaluations are exempt). At step 20 the last member,
     * lr-3 (2.0, 1.9), meets three others whose running averages are 0.9, 1.0 and 1.1: median 1.0 < its best 1.9
     * → STOP at step 20. lr-1 at 20 had one other member, lr-2 two: no decision.
     */
    @Test
    void medianRulePrunesTheWorstMemberOnceAtTheStepItFallsBehind() {
        double[][] values = {{1.0, 0.8}, {1.1, 0.9}, {1.2, 1.0}, {2.0, 1.9}};
        for (int i = 0; i < 4; i++) {
            send(member("lr-" + i, "lr", MEDIAN));
        }
        for (int step = 0; step < 2; step++) {
            for (int i = 0; i < 4; i++) {
                send(eval("lr-" + i, 10L * (step + 1), values[i][step]));
            }
        }
        List<TestRecord<String, RunCommand>> out = allCommands();
        assertEquals(1, out.size(), out.toString());
        assertEquals("lr-3", out.get(0).key(), "keyed by the pruned member's runId");
        StopCommand stop = (StopCommand) out.get(0).value();
        assertEquals("lr-3", stop.runId());
        assertEquals("sweep-median-stopping", stop.rule());
        assertEquals(20, stop.atStep());
        assertEquals("lr-3/sweep-median-stopping/20", stop.commandId());
        assertEquals(Msgs.ts(20), out.get(0).timestamp());
        Map<String, Object> evidence = stop.evidence();
        assertEquals("lr", evidence.get("sweepId"));
        assertEquals(1.0, ((Number) evidence.get("median")).doubleValue(), 1e-9);
        assertEquals(1.9, ((Number) evidence.get("bestValue")).doubleValue(), 1e-9);
        assertEquals(3, ((Number) evidence.get("membersCounted")).intValue());
        List<Alert> sweepAlerts = alerts.readValuesToList().stream()
                .filter(a -> a.rule().equals("sweep-median-stopping")).toList();
        assertEquals(1, sweepAlerts.size());
        assertEquals("lr-3", sweepAlerts.get(0).runId());

        // The pruned member's later messages produce no further command; the others continue.
        send(eval("lr-3", 30, 1.8));
        send(new Msgs("lr-3").finished(31, FinishStatus.STOPPED));
        send(eval("lr-0", 30, 0.7));
        assertTrue(commands.isEmpty());
    }

    @Test
    void sweepEventsAreKeyedBySweepIdAndOnlyLifecycleAndEvals() {
        send(member("lr-0", "lr", MEDIAN));
        send(new Msgs("lr-0").train(1, 2.0));
        send(new Msgs("lr-0").checkpoint(1));
        send(eval("lr-0", 10, 1.0));
        send(new Msgs("lr-0").finished(10, FinishStatus.COMPLETED));
        List<KeyValue<String, MetricEvent>> forwarded = sweepEvents.readKeyValuesToList();
        assertEquals(List.of("run-started", "eval", "run-finished"),
                forwarded.stream().map(kv -> kv.value.type().wireName()).toList());
        assertTrue(forwarded.stream().allMatch(kv -> kv.key.equals("lr") && kv.value.runId().equals("lr-0")));
    }

    /**
     * Members start and report in a scrambled order. lr-3 reports steps 10 and 20 before the others have
     * started, so it cannot be judged then. At 20, lr-2 (best 1.0) meets lr-3 (avg 1.95), lr-1 (1.0), lr-0 (0.9):
     * median 1.0, not strictly worse → continues; and lr-2 is the third other member to reach 20, so lr-3, waiting
     * at its step 20, is judged now: best 1.9 against running averages lr-1 1.0, lr-0 0.9, lr-2 1.1: median 1.0
     * → STOP at 20, the only command.
     */
    @Test
    void membersReportingOutOfOrder() {
        send(member("lr-3", "lr", MEDIAN));
        send(eval("lr-3", 10, 2.0));
        send(eval("lr-3", 20, 1.9));
        send(member("lr-2", "lr", MEDIAN));
        send(eval("lr-2", 10, 1.2));
        send(member("lr-0", "lr", MEDIAN));
        send(member("lr-1", "lr", MEDIAN));
        send(eval("lr-0", 10, 1.0));
        send(eval("lr-1", 10, 1.1));
        send(eval("lr-1", 20, 0.9));
        send(eval("lr-0", 20, 0.8));
        assertTrue(commands.isEmpty());
        send(eval("lr-2", 20, 1.0));
        send(eval("lr-0", 30, 0.7));
        send(eval("lr-1", 30, 0.8));
        send(eval("lr-2", 30, 0.9));
        send(eval("lr-3", 30, 1.8));
        List<TestRecord<String, RunCommand>> out = allCommands();
        assertEquals(1, out.size(), out.toString());
        StopCommand stop = (StopCommand) out.get(0).value();
        assertEquals("lr-3", out.get(0).key());
        assertEquals(20, stop.atStep());
        assertEquals(1.0, ((Number) stop.evidence().get("median")).doubleValue(), 1e-9);
    }

    /**
     * ASHA, one rung at step 10, η = 3: arrivals 1.0 (n=1), 1.2 (n=2) continue (n < η); 1.5 (n=3, top ⌊3/3⌋=1,
     * rank 3) is stopped; 0.8 (n=4, rank 1 ≤ 1) continues.
     */
    @Test
    void ashaStopsAtTheRung() {
        String asha = "{\"sweep\":{\"rule\":\"asha\",\"rungs\":[10],\"eta\":3}}";
        double[] values = {1.0, 1.2, 1.5, 0.8};
        for (int i = 0; i < 4; i++) {
            send(member("sh-" + i, "sh", asha));
        }
        for (int i = 0; i < 4; i++) {
            send(eval("sh-" + i, 10, values[i]));
        }
        List<TestRecord<String, RunCommand>> out = allCommands();
        assertEquals(1, out.size(), out.toString());
        StopCommand stop = (StopCommand) out.get(0).value();
        assertEquals("sh-2", out.get(0).key());
        assertEquals("sweep-asha", stop.rule());
        assertEquals(10, stop.atStep());
        assertEquals(10, ((Number) stop.evidence().get("rung")).intValue());
        assertEquals(3, ((Number) stop.evidence().get("rank")).intValue());
    }

    /** A record on the sweep topic that does not decode goes to its dead-letter topic; pruning goes on. */
    @Test
    void poisonRecordOnTheSweepTopicGoesToItsDeadLetterTopic() {
        TestInputTopic<String, byte[]> sweepInput = driver.createInputTopic(TopologyFactory.SWEEP_EVENTS_TOPIC,
                new StringSerializer(), new ByteArraySerializer());
        TestOutputTopic<String, byte[]> dlq = driver.createOutputTopic(
                Topics.deadLetter(TopologyFactory.SWEEP_EVENTS_TOPIC), new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        sweepInput.pipeInput("lr", "{\"v\":1,\"type\":\"eval\"".getBytes(StandardCharsets.UTF_8), Msgs.ts(1));
        TestRecord<String, byte[]> dead = dlq.readRecord();
        assertEquals("lr", dead.key());
        assertEquals(TopologyFactory.SWEEP_EVENTS_TOPIC, new String(dead.headers()
                .lastHeader(MetricsDecoder.HEADER_TOPIC).value(), StandardCharsets.UTF_8));
        assertTrue(dlq.isEmpty());
        medianRulePrunesTheWorstMemberOnceAtTheStepItFallsBehind();
    }

    /** A sweep is forgotten state-ttl (1 h) after its last event once every member ended; before that it is kept. */
    @Test
    void sweepStateExpiresAfterAllMembersEnded() {
        KeyValueStore<String, SweepState> store = driver.getKeyValueStore("sweep-state-store");
        for (int i = 0; i < 3; i++) {
            send(member("lr-" + i, "lr", MEDIAN));
            send(eval("lr-" + i, 10, 1.0 + i));
        }
        send(member("other-0", "other", MEDIAN));
        for (int i = 0; i < 2; i++) {
            send(new Msgs("lr-" + i).finished(10, FinishStatus.COMPLETED));
        }
        driver.advanceWallClockTime(Duration.ofMinutes(62));
        assertEquals(3, store.get("lr").memberCount(), "lr-2 still running: kept");
        send(new Msgs("lr-2").finished(10, FinishStatus.COMPLETED));
        assertTrue(store.get("lr").allMembersEnded());
        driver.advanceWallClockTime(Duration.ofMinutes(30));
        assertEquals(3, store.get("lr").memberCount(), "ended 30 min ago: kept");
        driver.advanceWallClockTime(Duration.ofMinutes(32));
        assertEquals(null, store.get("lr"), "ended over an hour ago: forgotten");
        assertEquals(1, store.get("other").memberCount(), "a sweep with a running member is kept until idle-ttl");
        driver.advanceWallClockTime(Duration.ofHours(23));
        assertEquals(null, store.get("other"), "silent for over 24 h: forgotten");
    }

    /** The same bad curve without a sweepId: no sweep event, no sweep command. */
    @Test
    void runWithoutSweepIdIsUnaffected() {
        double[][] values = {{1.0, 0.8}, {1.1, 0.9}, {1.2, 1.0}, {2.0, 1.9}};
        for (int i = 0; i < 4; i++) {
            send(new Msgs("solo-" + i).started(100, MEDIAN));
        }
        for (int step = 0; step < 2; step++) {
            for (int i = 0; i < 4; i++) {
                send(eval("solo-" + i, 10L * (step + 1), values[i][step]));
            }
        }
        assertTrue(sweepEvents.isEmpty());
        assertTrue(commands.isEmpty());
    }

    /** Single-run detectors keep working for a sweep member: a NaN loss rolls it back. */
    @Test
    void singleRunDetectorsStillFireForAMember() {
        send(member("lr-0", "lr", MEDIAN));
        Msgs m = new Msgs("lr-0");
        for (long s = 1; s <= 30; s++) {
            send(m.train(s, 2.0 - 0.001 * s));
        }
        send(m.checkpoint(20));
        send(m.train(31, Double.NaN));
        RollbackCommand rb = (RollbackCommand) commands.readValue();
        assertEquals(CommandType.ROLLBACK, rb.type());
        assertEquals("non-finite", rb.rule());
        assertEquals("step-20", rb.checkpointId());
        assertTrue(commands.isEmpty());
    }

    /**
     * A member this analyzer already stopped (early stopping, patience 1) is not pruned a second time: its
     * evaluation that fired the STOP is not forwarded to the sweep, so the run gets exactly one STOP.
     */
    @Test
    void aRunStoppedByItsOwnDetectorsIsNotPrunedAgain() {
        String withPatience = "{\"earlyStopping\":{\"patience\":1},\"sweep\":{\"rule\":\"median\",\"minMembers\":3}}";
        double[][] values = {{1.0, 0.8}, {1.1, 0.9}, {1.2, 1.0}, {1.5, 1.9}};
        for (int i = 0; i < 4; i++) {
            send(member("lr-" + i, "lr", withPatience));
        }
        for (int step = 0; step < 2; step++) {
            for (int i = 0; i < 4; i++) {
                send(eval("lr-" + i, 10L * (step + 1), values[i][step]));
            }
        }
        List<TestRecord<String, RunCommand>> out = allCommands();
        assertEquals(1, out.size(), out.toString());
        assertEquals("lr-3", out.get(0).key());
        assertEquals("early-stopping", out.get(0).value().rule());
    }
}
