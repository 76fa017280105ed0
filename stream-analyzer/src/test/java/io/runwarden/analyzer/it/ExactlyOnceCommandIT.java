package io.runwarden.analyzer.it;

import io.runwarden.analyzer.Msgs;
import io.runwarden.analyzer.stream.AnalyzerSettings;
import io.runwarden.analyzer.stream.StreamsProperties;
import io.runwarden.analyzer.stream.SweepEventsTopic;
import io.runwarden.analyzer.stream.TopologyFactory;
import io.runwarden.localkafka.SharedKafka;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.RunCommand;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.codec.ProtocolCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Through the real broker with exactly-once v2: a NaN step yields exactly one committed command, also when the
 * analyzer is killed (SIGKILL, its transaction open) after producing it and a new instance takes over.
 */
class ExactlyOnceCommandIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private final String bootstrap = SharedKafka.bootstrapServers();

    @TempDir
    Path stateDir;

    private static void produceRunUpToNaN(KafkaProducer<String, byte[]> producer, Msgs m) {
        KafkaIo.send(producer, m.started(1000, null));
        for (long s = 1; s <= 30; s++) {
            KafkaIo.send(producer, m.train(s, 2.0 - 0.001 * s));
        }
        KafkaIo.send(producer, m.checkpoint(20));
        KafkaIo.send(producer, m.train(31, Double.NaN));
    }

    private static Predicate<List<ConsumerRecord<String, byte[]>>> finishedHealthSeen() {
        return records -> records.stream().anyMatch(r -> r.topic().equals(Topics.RUN_HEALTH)
                && ProtocolCodec.decodeHealth(r.value()).verdict().wireName().equals("finished"));
    }

    @Test
    void nanStepYieldsExactlyOneCommittedCommand() {
        String runId = "eos-" + UUID.randomUUID();
        Msgs m = new Msgs(runId);
        String appId = "it-analyzer-" + UUID.randomUUID();
        SweepEventsTopic.ensure(bootstrap);
        try (KafkaStreams streams = new KafkaStreams(TopologyFactory.build(AnalyzerSettings.defaults()),
                StreamsProperties.exactlyOnce(bootstrap, appId, stateDir, 100));
             KafkaProducer<String, byte[]> producer = KafkaIo.producer(bootstrap);
             KafkaConsumer<String, byte[]> committed = KafkaIo.consumer(bootstrap, true, Topics.COMMANDS,
                     Topics.RUN_HEALTH)) {
            streams.start();
            produceRunUpToNaN(producer, m);
            KafkaIo.send(producer, m.finished(32, FinishStatus.COMPLETED));
            List<ConsumerRecord<String, byte[]>> seen = KafkaIo.pollUntil(committed, runId, DEADLINE,
                    finishedHealthSeen());
            assertEquals(1, KafkaIo.count(seen, Topics.COMMANDS));
            RunCommand command = ProtocolCodec.decodeCommand(seen.stream()
                    .filter(r -> r.topic().equals(Topics.COMMANDS)).findFirst().orElseThrow().value());
            assertEquals(runId + "/non-finite/31", command.commandId());
        }
    }

    @Test
    void exactlyOneCommittedCommandWhenTheAnalyzerIsKilledAroundIt() throws Exception {
        String runId = "crash-" + UUID.randomUUID();
        Msgs m = new Msgs(runId);
        String appId = "it-analyzer-crash-" + UUID.randomUUID();
        Process child = null;
        try (KafkaProducer<String, byte[]> producer = KafkaIo.producer(bootstrap);
             KafkaConsumer<String, byte[]> uncommitted = KafkaIo.consumer(bootstrap, false, Topics.COMMANDS);
             KafkaConsumer<String, byte[]> committed = KafkaIo.consumer(bootstrap, true, Topics.COMMANDS,
                     Topics.RUN_HEALTH)) {
            produceRunUpToNaN(producer, m);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    CrashableAnalyzerMain.class.getName(), bootstrap, appId, stateDir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(new File("target/crashable-analyzer-" + appId + ".log"))
                    .start();
            // The killed instance produced the command inside a transaction it never commits.
            KafkaIo.pollUntil(uncommitted, runId, DEADLINE, r -> !r.isEmpty());
            child.destroyForcibly().waitFor();

            KafkaIo.send(producer, m.finished(32, FinishStatus.COMPLETED));
            // Same application id and state directory: the same transactional id, which fences the dead one.
            try (KafkaStreams restarted = new KafkaStreams(TopologyFactory.build(AnalyzerSettings.defaults()),
                    StreamsProperties.exactlyOnce(bootstrap, appId, stateDir, 100))) {
                restarted.start();
                List<ConsumerRecord<String, byte[]>> seen = KafkaIo.pollUntil(committed, runId, DEADLINE,
                        finishedHealthSeen());
                assertEquals(1, KafkaIo.count(seen, Topics.COMMANDS), "read_committed sees exactly one command");
                // The restarted instance reprocessed the NaN step: the aborted copy and the committed one.
                List<ConsumerRecord<String, byte[]>> raw = KafkaIo.pollUntil(uncommitted, runId, DEADLINE,
                        r -> r.size() >= 1);
                List<String> ids = seen.stream().filter(r -> r.topic().equals(Topics.COMMANDS))
                        .map(r -> ProtocolCodec.decodeCommand(r.value()).commandId()).toList();
                assertEquals(List.of(runId + "/non-finite/31"), ids);
                assertEquals(runId + "/non-finite/31", ProtocolCodec.decodeCommand(raw.get(0).value()).commandId(),
                        "the re-produced command has the same deterministic id");
            }
        } finally {
            if (child != null && child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }
}
