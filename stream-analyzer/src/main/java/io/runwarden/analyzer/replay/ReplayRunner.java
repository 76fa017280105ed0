package io.runwarden.analyzer.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.analyzer.policy.PolicyParser;
import io.runwarden.analyzer.stream.AnalyzerSettings;
import io.runwarden.analyzer.stream.TopologyFactory;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.RunStarted;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.codec.ProtocolCodec;
import io.runwarden.protocol.codec.ProtocolJson;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Runs the analyzer's very topology offline over recorded metrics messages, in a {@link TopologyTestDriver}
 * (no Kafka), with the run states in memory. The wall clock follows the messages' {@code ts}, so stall detection and command times are those
 * the live analyzer would have produced.
 */
public final class ReplayRunner {

    /** What happened to one run during the replay. */
    public static final class RunSummary {
        public final String runId;
        public long messages;
        public long totalSteps;
        public long lastStep;
        public final List<Long> rollbackSteps = new ArrayList<>();
        public Long stoppedAtStep;
        public String stopRule;

        RunSummary(String runId) {
            this.runId = runId;
        }

        public String describe() {
            StringBuilder sb = new StringBuilder("run " + runId + ": " + messages + " messages");
            if (!rollbackSteps.isEmpty()) {
                sb.append(", rolled back at step(s) ").append(rollbackSteps);
            }
            if (stoppedAtStep != null) {
                sb.append(", stopped at step ").append(stoppedAtStep).append(" by ").append(stopRule);
                if (totalSteps > 0) {
                    sb.append(" (").append(Math.max(0, totalSteps - stoppedAtStep)).append(" of ").append(totalSteps)
                            .append(" planned steps saved)");
                }
            } else {
                sb.append(", not stopped (last step ").append(lastStep)
                        .append(totalSteps > 0 ? " of " + totalSteps : "").append(")");
            }
            return sb.toString();
        }
    }

    private final PolicyParser policies;

    public ReplayRunner(PolicyParser policies) {
        this.policies = policies;
    }

    /** Replays the events; each produced command or alert goes to {@code out} as one JSON line. */
    public Map<String, RunSummary> replay(List<MetricEvent> events, Consumer<String> out) {
        Map<String, RunSummary> runs = new LinkedHashMap<>();
        if (events.isEmpty()) {
            return runs;
        }
        Path stateDir = tempDir();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "runwarden-replay");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        AnalyzerSettings settings = AnalyzerSettings.defaults().withPolicies(policies).withInMemoryState();
        long clock = events.get(0).ts();
        try (TopologyTestDriver driver = new TopologyTestDriver(TopologyFactory.build(settings), props,
                Instant.ofEpochMilli(clock))) {
            TestInputTopic<String, byte[]> input = driver.createInputTopic(Topics.METRICS, new StringSerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<String, byte[]> commands = driver.createOutputTopic(Topics.COMMANDS,
                    new StringDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<String, byte[]> alerts = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(),
                    new ByteArrayDeserializer());
            for (MetricEvent e : events) {
                if (e.ts() > clock) {
                    driver.advanceWallClockTime(Duration.ofMillis(e.ts() - clock));
                    clock = e.ts();
                    drain(alerts, Topics.ALERTS, out, runs);
                }
                RunSummary run = runs.computeIfAbsent(e.runId(), RunSummary::new);
                run.messages++;
                run.lastStep = Math.max(run.lastStep, e.step());
                if (e instanceof RunStarted started) {
                    run.totalSteps = started.totalSteps();
                }
                input.pipeInput(e.runId(), ProtocolCodec.encodeMetric(e), e.ts());
                drain(commands, Topics.COMMANDS, out, runs);
                drain(alerts, Topics.ALERTS, out, runs);
            }
        } finally {
            deleteQuietly(stateDir);
        }
        return runs;
    }

    private static void drain(TestOutputTopic<String, byte[]> topic, String name, Consumer<String> out,
                              Map<String, RunSummary> runs) {
        ObjectMapper mapper = ProtocolJson.mapper();
        while (!topic.isEmpty()) {
            TestRecord<String, byte[]> r = topic.readRecord();
            try {
                ObjectNode line = mapper.createObjectNode();
                line.put("topic", name);
                line.put("key", r.key());
                ObjectNode value = (ObjectNode) mapper.readTree(r.value());
                line.set("value", value);
                out.accept(mapper.writeValueAsString(line));
                if (name.equals(Topics.COMMANDS)) {
                    RunSummary run = runs.computeIfAbsent(r.key(), RunSummary::new);
                    long atStep = value.path("atStep").asLong();
                    if ("STOP".equals(value.path("type").asText())) {
                        run.stoppedAtStep = atStep;
                        run.stopRule = value.path("rule").asText();
                    } else {
                        run.rollbackSteps.add(atStep);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("runwarden-replay-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; nothing else depends on it
        }
    }
}
