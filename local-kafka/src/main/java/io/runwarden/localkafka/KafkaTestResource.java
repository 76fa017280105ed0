package io.runwarden.localkafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * The Quarkus test resource every integration test uses: {@code @WithTestResource(KafkaTestResource.class)}.
 * It points all Kafka clients of the application under test at {@link SharedKafka} and keeps Dev Services from
 * looking for Docker.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String bootstrap = SharedKafka.bootstrapServers();
        return Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "quarkus.kafka-streams.bootstrap-servers", bootstrap,
                "quarkus.kafka.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // The broker is shared by every test class of this JVM and stops with it.
    }
}
