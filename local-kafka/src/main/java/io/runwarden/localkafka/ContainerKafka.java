package io.runwarden.localkafka;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/** A Testcontainers Kafka (the official apache/kafka image), only touched when asked for. */
final class ContainerKafka {

    /** Image of the container broker; override with {@code -Dkafka.tests.image}. */
    static final String DEFAULT_IMAGE = "apache/kafka:4.2.1";

    private ContainerKafka() {
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static String start() {
        KafkaContainer container = new KafkaContainer(System.getProperty("kafka.tests.image", DEFAULT_IMAGE));
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "kafka-container-shutdown"));
        return container.getBootstrapServers();
    }
}
