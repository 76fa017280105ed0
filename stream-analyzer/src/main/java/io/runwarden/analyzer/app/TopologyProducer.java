package io.runwarden.analyzer.app;

import io.runwarden.analyzer.policy.PolicyParser;
import io.runwarden.analyzer.stream.AnalyzerSettings;
import io.runwarden.analyzer.stream.TopologyFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;
import org.jboss.logging.Logger;

import java.nio.file.Path;

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
        Topology topology = TopologyFactory.build(new AnalyzerSettings(policies, config.stateTtl(),
                config.idleTtl(), config.punctuateInterval()));
        LOG.info(topology.describe());
        return topology;
    }
}
