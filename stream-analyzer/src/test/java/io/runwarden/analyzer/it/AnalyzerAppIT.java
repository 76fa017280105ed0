package io.runwarden.analyzer.it;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runwarden.analyzer.Msgs;
import io.runwarden.analyzer.stream.TopologyFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import io.runwarden.localkafka.KafkaTestResource;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.codec.ProtocolCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import io.quarkus.kafka.streams.runtime.KafkaStreamsPropertiesUtil;
import java.util.Properties;

import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The Quarkus application itself (config, CDI topology, Kafka Streams lifecycle) against the embedded broker. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class AnalyzerAppIT {

    @Inject
    KafkaStreams streams;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void kafkaStreamsGetsExactlyOnceAndOnlyTheSecuritySettingsThatAreSet() {
        Properties props = KafkaStreamsPropertiesUtil.appKafkaStreamsProperties();
        assertEquals("exactly_once_v2", props.getProperty("processing.guarantee"));
        assertEquals("PLAINTEXT", props.getProperty("security.protocol"));
        assertFalse(props.containsKey("sasl.jaas.config"), props.toString());
        assertFalse(props.containsKey("ssl.truststore.location"), props.toString());
    }

    @Test
    void theApplicationCreatedItsSweepRepartitionTopicWithTheMetricsPartitions() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var topics = admin.describeTopics(List.of(Topics.METRICS, TopologyFactory.SWEEP_EVENTS_TOPIC))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            assertEquals(topics.get(Topics.METRICS).partitions().size(),
                    topics.get(TopologyFactory.SWEEP_EVENTS_TOPIC).partitions().size());
        }
    }

    @Test
    void theApplicationRollsBackANaNStep() {
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        String runId = "app-" + UUID.randomUUID();
        Msgs m = new Msgs(runId);
        try (KafkaProducer<String, byte[]> producer = KafkaIo.producer(bootstrap);
             KafkaConsumer<String, byte[]> consumer = KafkaIo.consumer(bootstrap, true, Topics.COMMANDS)) {
            KafkaIo.send(producer, m.started(1000, null));
            for (long s = 1; s <= 12; s++) {
                KafkaIo.send(producer, m.train(s, 2.0));
            }
            KafkaIo.send(producer, m.checkpoint(5));
            KafkaIo.send(producer, m.train(13, Double.NaN));
            List<ConsumerRecord<String, byte[]>> seen = KafkaIo.pollUntil(consumer, runId, Duration.ofSeconds(60),
                    r -> !r.isEmpty());
            assertEquals(runId + "/non-finite/13", ProtocolCodec.decodeCommand(seen.get(0).value()).commandId());
        }
    }
}
