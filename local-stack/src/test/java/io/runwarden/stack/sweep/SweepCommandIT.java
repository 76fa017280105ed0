package io.runwarden.stack.sweep;

import io.runwarden.localkafka.SharedKafka;
import io.runwarden.protocol.RunRequest;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.codec.ProtocolCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code ./runwarden sweep} against a real (embedded) broker: one run request per member, keyed by run id. */
class SweepCommandIT {

    @Test
    void submitsOneRunRequestPerMember() throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new SweepCommand(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, Map.of(),
                () -> "ada", 42L).run(new String[] {"../docs/examples/lr-sweep.json", "--kafka", bootstrap});
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));

        Map<String, RunRequest> received = new TreeMap<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "sweep-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.RUN_REQUESTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received.size() < 4 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    RunRequest request = ProtocolCodec.decodeRunRequest(r.value());
                    if ("lr-sweep".equals(request.sweepId())) {
                        assertEquals(r.key(), request.runId());
                        received.put(r.key(), request);
                    }
                }
            }
        }
        assertEquals(List.of("lr-sweep-0", "lr-sweep-1", "lr-sweep-2", "lr-sweep-3"), List.copyOf(received.keySet()));
        RunRequest first = received.get("lr-sweep-0");
        assertEquals("cli:ada", first.submittedBy());
        assertEquals(42L, first.submittedAt());
        assertEquals(5e-5, first.spec().learningRate());
        assertEquals(1, first.spec().epochs());
        for (RunRequest request : received.values()) {
            assertEquals("median", request.policy().path("sweep").path("rule").asText(),
                    "the pruning policy rides in policy.sweep for the analyzer");
            assertEquals(io.runwarden.protocol.sweep.SweepSpecCodec.fromFile(java.nio.file.Path.of(
                    "../docs/examples/lr-sweep.json")).pruning(),
                    io.runwarden.protocol.sweep.SweepRequests.pruningOf(request.policy()));
        }
    }
}
