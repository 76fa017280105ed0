package io.runwarden.localkafka;

import io.runwarden.protocol.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates the protocol's topics (and their dead-letter topics) where they do not exist yet. Run-health is
 * compacted so the latest verdict per run is kept forever. Production clusters declare the same topics as
 * Strimzi {@code KafkaTopic}s instead (see k8s/).
 */
public final class TopicBootstrap {

    private TopicBootstrap() {
    }

    public static void createProtocolTopics(String bootstrapServers, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : Topics.allTopics()) {
                if (!existing.contains(topic)) {
                    missing.add(newTopic(topic, partitions));
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
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the Runwarden topics on " + bootstrapServers, e);
        }
    }

    private static NewTopic newTopic(String topic, int partitions) {
        NewTopic newTopic = new NewTopic(topic, partitions, (short) 1);
        if (Topics.isCompacted(topic)) {
            newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        return newTopic;
    }
}
