package io.runwarden.analyzer.it;

import io.runwarden.analyzer.Msgs;
import io.runwarden.analyzer.stream.AnalyzerSettings;
import io.runwarden.analyzer.stream.StreamsProperties;
import io.runwarden.analyzer.stream.SweepEventsTopic;
import io.runwarden.analyzer.stream.TopologyFactory;
import io.runwarden.localkafka.SharedKafka;
import io.runwarden.protocol.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An undecodable record goes to runwarden.metrics.dlq with the error; the next record is still analysed. */
class PoisonPillIT {

    @TempDir
    Path stateDir;

    @Test
    void poisonRecordGoesToTheDeadLetterTopicAndTheStreamKeepsRunning() throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        String runId = "poison-" + UUID.randomUUID();
        Msgs m = new Msgs(runId);
        SweepEventsTopic.ensure(bootstrap);
        try (KafkaStreams streams = new KafkaStreams(TopologyFactory.build(AnalyzerSettings.defaults()),
                StreamsProperties.exactlyOnce(bootstrap, "it-analyzer-" + UUID.randomUUID(), stateDir, 100));
             KafkaProducer<String, byte[]> producer = KafkaIo.producer(bootstrap);
             KafkaConsumer<String, byte[]> consumer = KafkaIo.consumer(bootstrap, true,
                     Topics.deadLetter(Topics.METRICS), Topics.RUN_HEALTH)) {
            streams.start();
            producer.send(new ProducerRecord<>(Topics.METRICS, runId,
                    "{\"v\":1,\"type\":\"train\",\"runId\":\"x\",\"step\":\"seven\"}".getBytes(StandardCharsets.UTF_8)))
                    .get();
            KafkaIo.send(producer, m.started(100, null));
            List<ConsumerRecord<String, byte[]>> seen = KafkaIo.pollUntil(consumer, runId, Duration.ofSeconds(90),
                    r -> KafkaIo.count(r, Topics.RUN_HEALTH) >= 1 && KafkaIo.count(r, Topics.deadLetter(Topics.METRICS)) >= 1);
            ConsumerRecord<String, byte[]> dead = seen.stream()
                    .filter(r -> r.topic().equals(Topics.deadLetter(Topics.METRICS))).findFirst().orElseThrow();
            assertTrue(new String(dead.value(), StandardCharsets.UTF_8).contains("seven"), "original bytes kept");
            assertEquals(Topics.METRICS, header(dead, "__streams.errors.topic"));
            assertTrue(header(dead, "__streams.errors.message").contains("step"),
                    header(dead, "__streams.errors.message"));
            Long.parseLong(header(dead, "__streams.errors.offset"));
            Integer.parseInt(header(dead, "__streams.errors.partition"));
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String key) {
        return new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }
}
