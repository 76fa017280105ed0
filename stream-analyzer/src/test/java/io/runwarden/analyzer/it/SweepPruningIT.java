package io.runwarden.analyzer.it;

import io.runwarden.analyzer.Msgs;
import io.runwarden.analyzer.stream.AnalyzerSettings;
import io.runwarden.analyzer.stream.StreamsProperties;
import io.runwarden.analyzer.stream.SweepEventsTopic;
import io.runwarden.analyzer.stream.TopologyFactory;
import io.runwarden.localkafka.SharedKafka;
import io.runwarden.protocol.RunCommand;
import io.runwarden.protocol.RunStarted;
import io.runwarden.protocol.StopCommand;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.codec.ProtocolCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Sweep pruning across the broker: members' events cross the real repartition topic to the sweep analyzer, whose
 * STOP for the worst member comes back on runwarden.commands under exactly-once. The worst member reports only
 * after the others' evaluations are on the repartition topic, so the decision is the hand-computed one of
 * {@code SweepTopologyTest} (median 1.0 of running averages 0.9, 1.0, 1.1; best 1.9 → STOP at step 20).
 */
class SweepPruningIT {

    private static final String MEDIAN = "{\"sweep\":{\"rule\":\"median\",\"minMembers\":3}}";

    @TempDir
    Path stateDir;

    @Test
    void worstMemberIsStoppedOnceThroughTheRepartitionTopic() throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        String sweepId = "it-sweep-" + UUID.randomUUID();
        double[][] values = {{1.0, 0.8}, {1.1, 0.9}, {1.2, 1.0}, {2.0, 1.9}};
        String appId = "it-analyzer-" + UUID.randomUUID();
        AnalyzerSettings settings = AnalyzerSettings.defaults().withApplicationId(appId);
        SweepEventsTopic.ensure(bootstrap, settings.sweepEventsTopic());
        try (KafkaStreams streams = new KafkaStreams(TopologyFactory.build(settings),
                StreamsProperties.exactlyOnce(bootstrap, appId, stateDir, 100));
             KafkaProducer<String, byte[]> producer = KafkaIo.producer(bootstrap);
             KafkaConsumer<String, byte[]> forwarded = KafkaIo.consumer(bootstrap, true,
                     settings.sweepEventsTopic());
             KafkaConsumer<String, byte[]> commands = KafkaIo.consumer(bootstrap, true, Topics.COMMANDS)) {
            streams.start();
            for (int i = 0; i < 3; i++) {
                KafkaIo.send(producer, member(sweepId + "-" + i, sweepId));
                KafkaIo.send(producer, new Msgs(sweepId + "-" + i).eval(10, values[i][0]));
                KafkaIo.send(producer, new Msgs(sweepId + "-" + i).eval(20, values[i][1]));
            }
            KafkaIo.pollUntil(forwarded, sweepId, Duration.ofSeconds(90),
                    r -> r.stream().filter(rec -> ProtocolCodec.decodeMetric(rec.value()).type().wireName()
                            .equals("eval")).count() >= 6);
            String worst = sweepId + "-3";
            KafkaIo.send(producer, member(worst, sweepId));
            KafkaIo.send(producer, new Msgs(worst).eval(10, values[3][0]));
            KafkaIo.send(producer, new Msgs(worst).eval(20, values[3][1]));

            List<ConsumerRecord<String, byte[]>> stops = new ArrayList<>();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (Instant.now().isBefore(deadline)) {
                if (!stops.isEmpty() && deadline.isAfter(Instant.now().plusSeconds(3))) {
                    deadline = Instant.now().plusSeconds(3); // a short window more, to catch a second command
                }
                for (ConsumerRecord<String, byte[]> r : commands.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.key().startsWith(sweepId)) {
                        stops.add(r);
                    }
                }
            }
            // Another analyzer application on the shared broker (the Quarkus app of AnalyzerAppIT, same JVM) may
            // send the very same command: ids are deterministic, so one distinct id is what "one STOP" means.
            List<String> ids = stops.stream().map(r -> ProtocolCodec.decodeCommand(r.value()).commandId())
                    .distinct().toList();
            assertEquals(List.of(sweepId + "-3/sweep-median-stopping/20"), ids,
                    "exactly one command for the sweep's members");
            assertEquals(worst, stops.get(0).key());
            RunCommand command = ProtocolCodec.decodeCommand(stops.get(0).value());
            StopCommand stop = (StopCommand) command;
            assertEquals("sweep-median-stopping", stop.rule());
            assertEquals(worst + "/sweep-median-stopping/20", stop.commandId());
            assertEquals(sweepId, stop.evidence().get("sweepId"));
        }
    }

    private static RunStarted member(String runId, String sweepId) {
        RunStarted plain = new Msgs(runId).started(100, MEDIAN);
        return new RunStarted(plain.runId(), plain.step(), plain.ts(), plain.spec(), plain.totalSteps(),
                plain.policy(), sweepId, plain.agentId());
    }
}
