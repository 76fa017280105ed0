package io.runwarden.analyzer.app;

import io.runwarden.analyzer.policy.PolicyParser;
import io.runwarden.analyzer.stream.AnalyzerSettings;
import io.runwarden.analyzer.stream.StreamsProperties;
import io.runwarden.analyzer.stream.SweepEventsTopic;
import io.runwarden.analyzer.stream.TopologyFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The Quarkus Kafka Streams topology bean; it only delegates to {@link TopologyFactory}. */
@ApplicationScoped
public class TopologyProducer {

    private static final Logger LOG = Logger.getLogger(TopologyProducer.class);

    @Produces
    public Topology buildTopology(AnalyzerConfig config) {
        // An invalid policy file fails start-up with the file and field named.
        PolicyParser policies = config.policyFile().map(f -> PolicyParser.fromFile(Path.of(f)))
                .orElseGet(PolicyParser::builtIn);
        config.policyFile().ifPresent(f -> LOG.infof("default stop policy from %s", f));
        String applicationId = ConfigProvider.getConfig().getOptionalValue("quarkus.kafka-streams.application-id",
                String.class).orElse(StreamsProperties.APPLICATION_ID);
        AnalyzerSettings settings = new AnalyzerSettings(policies, config.stateTtl(), config.idleTtl(),
                config.punctuateInterval()).withApplicationId(applicationId);
        Topology topology = TopologyFactory.build(settings);
        LOG.info(topology.describe());
        if (config.createSweepTopic()) {
            createSweepTopic(settings.sweepEventsTopic());
        }
        return topology;
    }

    /**
     * Creates the sweep repartition topic with the Kafka client settings under {@code kafka.*} (bootstrap servers
     * and security). A failure is logged, not fatal: Kafka Streams waits for the topic (it is listed in
     * {@code quarkus.kafka-streams.topics}) until an operator creates it.
     */
    private static void createSweepTopic(String topic) {
        Config config = ConfigProvider.getConfig();
        Map<String, Object> admin = new HashMap<>();
        // Looked up per admin setting (not by listing names) so that env vars like KAFKA_SECURITY_PROTOCOL count.
        for (String name : AdminClientConfig.configNames()) {
            config.getOptionalValue("kafka." + name, String.class).filter(v -> !v.isBlank())
                    .ifPresent(v -> admin.put(name, v));
        }
        try {
            SweepEventsTopic.ensure(admin, topic, (short) -1);
        } catch (RuntimeException e) {
            LOG.errorf("%s; the analyzer waits until it exists", e.getMessage());
        }
    }
}
