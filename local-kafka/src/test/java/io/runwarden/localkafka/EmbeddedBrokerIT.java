package io.runwarden.localkafka;

import io.runwarden.protocol.Heartbeat;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.TrainStep;
import io.runwarden.protocol.kafka.ProtocolSerdes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedBrokerIT {

    @Test
    void protocolMessagesGoThroughTheBrokerOfTheSharedTestResourceInOrder() {
        String bootstrap = new KafkaTestResource().start().get("kafka.bootstrap.servers");
        String runId = "run-" + UUID.randomUUID();
        List<MetricEvent> sent = new ArrayList<>();
        for (long step = 1; step <= 50; step++) {
            sent.add(new TrainStep(runId, step, step, step / 50.0, 3.0 - step * 0.01, 2e-4, 0.5,
                    step == 25 ? Double.NaN : 64, 4096, 30));
        }
        sent.add(new Heartbeat(runId, 50, 51));

        produce(bootstrap, runId, sent);

        List<MetricEvent> received = consumeRun(bootstrap, runId, sent.size(), Duration.ofSeconds(30));
        assertEquals(sent, received);
    }

    @Test
    void protocolTopicsExistAndRunHealthIsCompacted() throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            assertTrue(admin.listTopics().names().get(10, TimeUnit.SECONDS).containsAll(Topics.allTopics()));
            ConfigResource health = new ConfigResource(ConfigResource.Type.TOPIC, Topics.RUN_HEALTH);
            ConfigEntry policy = admin.describeConfigs(List.of(health)).all().get(10, TimeUnit.SECONDS)
                    .get(health).get("cleanup.policy");
            assertEquals("compact", policy.value());
        }
    }

    @Test
    void restartOnTheSameDataDirectoryKeepsMessages() throws Exception {
        Path dir = Files.createTempDirectory("broker-restart-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir).build().start()) {
            String runId = "restart-run";
            produce(broker.bootstrapServers(), runId, List.of(new Heartbeat(runId, 1, 1)));

            broker.stop();
            broker.start();

            List<MetricEvent> received = consumeRun(broker.bootstrapServers(), runId, 1, Duration.ofSeconds(30));
            assertEquals(List.of(new Heartbeat(runId, 1, 1)), received);
        }
    }

    private static void produce(String bootstrap, String runId, List<MetricEvent> events) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, MetricEvent> producer = new KafkaProducer<>(config, new StringSerializer(),
                ProtocolSerdes.metrics().serializer())) {
            for (MetricEvent event : events) {
                producer.send(new ProducerRecord<>(Topics.METRICS, runId, event));
            }
            producer.flush();
        }
    }

    private static List<MetricEvent> consumeRun(String bootstrap, String runId, int expected, Duration timeout) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<MetricEvent> received = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, MetricEvent> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                ProtocolSerdes.metrics().deserializer())) {
            consumer.subscribe(List.of(Topics.METRICS));
            while (received.size() < expected && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, MetricEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    if (runId.equals(record.key())) {
                        received.add(record.value());
                    }
                }
            }
        }
        return received;
    }
}
