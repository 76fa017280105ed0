package io.runwarden.localkafka;

import io.runwarden.protocol.Topics;
import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Kafka of a test JVM, started on first use and stopped when the JVM exits, so every test class of a
 * module shares one broker. {@code -Dkafka.tests=container} asks for a Testcontainers broker instead; without a
 * Docker engine the embedded broker is used (and says so).
 */
public final class SharedKafka {

    /** System property choosing the broker of the tests: {@code embedded} (default) or {@code container}. */
    public static final String MODE_PROPERTY = "kafka.tests";

    private static final Logger LOG = LoggerFactory.getLogger(SharedKafka.class);
    private static String bootstrapServers;
    private static EmbeddedKafkaBroker embedded;

    private SharedKafka() {
    }

    /**
     * System property holding the running broker's address. Quarkus tests load this class once per application
     * class loader; the JVM-wide property makes them all share the first broker.
     */
    static final String ADDRESS_PROPERTY = "runwarden.shared-kafka.bootstrap-servers";

    public static String bootstrapServers() {
        synchronized (System.class) { // the one monitor every class loader of the JVM shares
            if (bootstrapServers == null) {
                bootstrapServers = System.getProperty(ADDRESS_PROPERTY);
            }
            if (bootstrapServers == null) {
                bootstrapServers = "container".equals(System.getProperty(MODE_PROPERTY)) ? startContainerOrEmbedded()
                        : startEmbedded();
                TopicBootstrap.createProtocolTopics(bootstrapServers, Topics.DEFAULT_PARTITIONS);
                System.setProperty(ADDRESS_PROPERTY, bootstrapServers);
            }
            return bootstrapServers;
        }
    }

    /** The embedded broker, or null when the tests run against a container. */
    private static String startContainerOrEmbedded() {
        if (ContainerKafka.dockerAvailable()) {
            return ContainerKafka.start();
        }
        LOG.warn("-D{}=container was asked for but no Docker engine answers; using the embedded broker",
                MODE_PROPERTY);
        return startEmbedded();
    }

    private static String startEmbedded() {
        // A broker fault must fail the tests, not kill the test JVM.
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("embedded Kafka asked to exit(" + code + "): " + message);
        });
        Exit.setHaltProcedure((code, message) -> {
            throw new IllegalStateException("embedded Kafka asked to halt(" + code + "): " + message);
        });
        embedded = EmbeddedKafkaBroker.builder().build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "embedded-kafka-shutdown"));
        return embedded.bootstrapServers();
    }
}
