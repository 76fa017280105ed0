package io.runwarden.agent.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.runwarden.localkafka.KafkaTestResource;
import io.runwarden.localkafka.SharedKafka;

import java.util.Map;

/**
 * {@link KafkaTestResource} for {@code @QuarkusMainTest}: the same broker ({@link SharedKafka}) and the same
 * configuration, but one broker per test JVM even across class loaders. {@code @QuarkusMainTest} starts every
 * launch in a fresh class loader, where SharedKafka's static state starts empty (a new broker per launch, and
 * another for the test class itself); a system property, which all class loaders share, carries the first
 * broker's address to the others.
 */
public class ItKafka implements QuarkusTestResourceLifecycleManager {

    private static final String PROPERTY = "runwarden.tests.kafka.bootstrap";

    /** The test JVM's one broker. */
    public static String bootstrapServers() {
        synchronized (System.class) {
            String known = System.getProperty(PROPERTY);
            if (known != null) {
                return known;
            }
            String started = SharedKafka.bootstrapServers();
            System.setProperty(PROPERTY, started);
            return started;
        }
    }

    @Override
    public Map<String, String> start() {
        String bootstrap = bootstrapServers();
        return Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "quarkus.kafka-streams.bootstrap-servers", bootstrap,
                "quarkus.kafka.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // The broker lives as long as the test JVM.
    }
}
