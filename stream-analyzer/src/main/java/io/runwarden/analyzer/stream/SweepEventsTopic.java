package io.runwarden.analyzer.stream;

import io.runwarden.protocol.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates the sweep repartition topic ({@link AnalyzerSettings#sweepEventsTopic()}) before Kafka Streams starts,
 * where it does not exist: the Processor API cannot declare internal topics, so the analyzer creates its own, with
 * the partition count of {@code runwarden.metrics} (or {@link Topics#DEFAULT_PARTITIONS} when that does not exist
 * yet) and the given replication factor (-1: the broker's default), and its dead-letter topic
 * ({@code <topic>.dlq}) alike.
 */
public final class SweepEventsTopic {

    private SweepEventsTopic() {
    }

    /** With the broker's default replication factor and no security settings (tests, benchmark, local use). */
    public static void ensure(String bootstrapServers) {
        ensure(bootstrapServers, TopologyFactory.SWEEP_EVENTS_TOPIC);
    }

    public static void ensure(String bootstrapServers, String topicName) {
        ensure(Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                topicName, (short) -1);
    }

    /** @param adminConfig Kafka admin client properties (bootstrap servers and security settings) */
    public static void ensure(Map<String, Object> adminConfig, String topicName, short replicationFactor) {
        try (Admin admin = Admin.create(adminConfig)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            int partitions = existing.contains(Topics.METRICS)
                    ? admin.describeTopics(List.of(Topics.METRICS)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(Topics.METRICS).partitions().size()
                    : Topics.DEFAULT_PARTITIONS;
            Optional<Short> replication = replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : List.of(topicName, Topics.deadLetter(topicName))) {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, Optional.of(partitions), replication));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + topicName, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the topic " + topicName
                    + " (create it with the partition count of " + Topics.METRICS + ")", e);
        }
    }
}
