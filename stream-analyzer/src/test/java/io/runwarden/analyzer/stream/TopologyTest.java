package io.runwarden.analyzer.stream;

import io.runwarden.analyzer.Msgs;
import io.runwarden.analyzer.policy.PolicyParser;
import io.runwarden.protocol.Alert;
import io.runwarden.protocol.CommandType;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.RollbackCommand;
import io.runwarden.protocol.RunCommand;
import io.runwarden.protocol.RunHealth;
import io.runwarden.protocol.StopCommand;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.codec.ProtocolCodec;
import io.runwarden.protocol.kafka.ProtocolSerdes;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real topology through {@link TopologyTestDriver}, with fixed record timestamps and a mock wall clock. */
class TopologyTest {

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> metrics;
    private TestOutputTopic<String, RunCommand> commands;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<String, RunHealth> health;
    private TestOutputTopic<String, byte[]> dlq;
    private final Msgs m = new Msgs("run-a");

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
        health = driver.createOutputTopic(Topics.RUN_HEALTH, new StringDeserializer(),
                ProtocolSerdes.health().deserializer());
        dlq = driver.createOutputTopic(Topics.deadLetter(Topics.METRICS), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private void send(MetricEvent e) {
        metrics.pipeInput(e.runId(), ProtocolCodec.encodeMetric(e), e.ts());
    }

    private void steady(long from, long to) {
        for (long s = from; s <= to; s++) {
            send(m.train(s, 2.0 - 0.001 * s + ((s % 3) - 1) * 0.01));
        }
    }

    @Test
    void nanStepRollsBackOnThatStepToTheRightCheckpoint() {
        send(m.started(200, null));
        steady(1, 40);
        send(m.checkpoint(30));
        send(m.checkpoint(38));
        assertTrue(commands.isEmpty());
        send(m.train(41, Double.NaN, Double.POSITIVE_INFINITY));
        TestRecord<String, RunCommand> rec = commands.readRecord();
        RollbackCommand rb = (RollbackCommand) rec.value();
        assertEquals("run-a", rec.key());
        assertEquals(41, rb.atStep());
        assertEquals(Msgs.ts(41), rec.timestamp(), "produced while processing that very record");
        assertEquals("step-30", rb.checkpointId());
        assertEquals(0.5, rb.lrFactor());
        assertEquals("run-a/non-finite/41", rb.commandId());
        assertTrue(commands.isEmpty());
        List<Alert> action = alerts.readValuesToList().stream().filter(a -> a.rule().equals("non-finite")).toList();
        assertEquals("action", action.get(0).severity().wireName());
    }

    @Test
    void budgetExhaustedStops() {
        send(m.started(200, "{\"rollback\":{\"budget\":2}}"));
        steady(1, 30);
        send(m.checkpoint(20));
        for (int i = 0; i < 2; i++) {
            send(m.train(31, Double.NaN));
            RunCommand rb = commands.readValue();
            assertEquals(CommandType.ROLLBACK, rb.type());
            send(m.rollbackDone(20, 31, rb.commandId()));
            steady(21, 30);
        }
        send(m.train(31, Double.NaN));
        StopCommand stop = (StopCommand) commands.readValue();
        assertTrue(stop.reason().contains("rollback budget of 2 spent"), stop.reason());
        assertTrue(commands.isEmpty());
    }

    @Test
    void earlyStoppingStopNamesTheBestCheckpoint() {
        send(m.started(400, null));
        double[] val = {1.6, 1.3, 1.35, 1.4, 1.45};
        for (int i = 0; i < val.length; i++) {
            long step = 50L * (i + 1);
            steady(step - 49, step);
            send(m.eval(step, val[i]));
            send(m.checkpoint(step));
        }
        StopCommand stop = (StopCommand) commands.readValue();
        assertEquals("early-stopping", stop.rule());
        assertEquals(250, stop.atStep());
        assertEquals("step-100", stop.restoreCheckpointId());
        assertEquals(100L, stop.restoreStep());
        steady(251, 260);
        send(m.train(261, Double.NaN));
        assertTrue(commands.isEmpty(), "after a STOP the run gets no further commands");
    }

    @Test
    void poisonRecordGoesToTheDlqAndTheNextOneIsProcessed() {
        metrics.pipeInput("run-a", "{\"v\":1,\"type\":\"train\",\"runId\":\"run-a\"".getBytes(StandardCharsets.UTF_8),
                Msgs.ts(1));
        metrics.pipeInput("run-a", ProtocolCodec.encodeMetric(new Msgs("run-b").train(1, 1.0)), Msgs.ts(1));
        send(m.started(10, null));
        TestRecord<String, byte[]> bad = dlq.readRecord();
        Headers h = bad.headers();
        assertTrue(text(h, "__streams.errors.message").length() > 0);
        assertEquals(Topics.METRICS, text(h, "__streams.errors.topic"));
        assertEquals("0", text(h, "__streams.errors.offset"));
        TestRecord<String, byte[]> wrongKey = dlq.readRecord();
        assertTrue(text(wrongKey.headers(), "__streams.errors.message").contains("not the message's runId"));
        assertEquals("1", text(wrongKey.headers(), "__streams.errors.offset"));
        assertTrue(dlq.isEmpty());
        RunHealth first = health.readValue();
        assertEquals("run-a", first.runId());
        assertEquals("healthy", first.verdict().wireName());
    }

    @Test
    void runHealthTransitions() {
        send(m.started(1000, null));
        steady(1, 30);
        send(m.checkpoint(20));
        send(m.train(31, Double.NaN));
        send(m.rollbackDone(20, 31, "run-a/non-finite/31"));
        steady(21, 40);
        send(m.finished(40, FinishStatus.COMPLETED));
        List<String> verdicts = health.readValuesToList().stream().map(v -> v.verdict().wireName()).toList();
        assertEquals(List.of("healthy", "rolled-back", "rolled-back", "finished"), verdicts);
    }

    @Test
    void stalledRunBecomesLostThroughWallClockPunctuation() {
        send(m.started(100, "{\"stalled\":{\"timeoutSeconds\":60}}"));
        send(m.train(1, 2.0));
        health.readValuesToList();
        driver.advanceWallClockTime(Duration.ofSeconds(30));
        assertTrue(alerts.isEmpty());
        driver.advanceWallClockTime(Duration.ofSeconds(35));
        Alert stalled = alerts.readValue();
        assertEquals("stalled", stalled.rule());
        assertEquals("lost", health.readValue().verdict().wireName());
    }

    @Test
    void stateExpiresAfterTheRunFinishedPlusTtl() {
        send(m.started(10, null));
        send(m.finished(10, FinishStatus.COMPLETED));
        KeyValueStore<String, ?> store = driver.getKeyValueStore(TopologyFactory.NAMES.store());
        assertNotNull(store.get("run-a"));
        driver.advanceWallClockTime(Duration.ofMinutes(59));
        assertNotNull(store.get("run-a"));
        driver.advanceWallClockTime(Duration.ofMinutes(2));
        assertNull(store.get("run-a"));
    }

    private static String text(Headers headers, String key) {
        return new String(headers.lastHeader(key).value(), StandardCharsets.UTF_8);
    }
}
