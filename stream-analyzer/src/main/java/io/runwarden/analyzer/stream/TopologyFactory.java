package io.runwarden.analyzer.stream;

import io.runwarden.analyzer.detect.RunAnalyzer;
import io.runwarden.analyzer.policy.PolicyResolver;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.kafka.ProtocolSerdes;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import java.util.List;

/**
 * Builds the analyzer's topology, without CDI (the Quarkus producer, the integration tests, replay and the
 * benchmark all call it):
 *
 * <pre>
 * metrics-source ─► metrics-decoder ─┬─► run-analyzer [run-state-store] ─┬─► commands-sink   (runwarden.commands)
 *                                    │                                    ├─► alerts-sink     (runwarden.alerts)
 *                                    │                                    └─► run-health-sink (runwarden.run-health)
 *                                    └─► metrics-dlq-sink (runwarden.metrics.dlq)
 * </pre>
 *
 * Extension point: a further consumer of decoded events (e.g. sweep pruning, which re-keys evaluations by
 * sweepId through a repartition topic) is one more name in {@link Names#decodedChildren()} plus its own
 * {@code addSink}/{@code addSource}/{@code addProcessor} calls after {@link #addRunAnalyzer}.
 */
public final class TopologyFactory {

    /** Processor, store and sink names, fixed so that state and changelogs survive topology changes. */
    public record Names(String source, String decoder, String deadLetterSink, String analyzer, String store,
                        String commandsSink, String alertsSink, String healthSink) {

        public List<String> decodedChildren() {
            return List.of(analyzer);
        }
    }

    public static final Names NAMES = new Names("metrics-source", "metrics-decoder", "metrics-dlq-sink",
            "run-analyzer", "run-state-store", "commands-sink", "alerts-sink", "run-health-sink");

    private TopologyFactory() {
    }

    public static Topology build(AnalyzerSettings settings) {
        Topology topology = new Topology();
        addDecodedMetrics(topology, NAMES);
        addRunAnalyzer(topology, settings, NAMES);
        return topology;
    }

    /** Source, decoder and dead-letter sink. */
    static void addDecodedMetrics(Topology topology, Names n) {
        topology.addSource(n.source(), new StringDeserializer(), Serdes.ByteArray().deserializer(), Topics.METRICS);
        topology.addProcessor(n.decoder(), () -> new MetricsDecoder(n.deadLetterSink(), n.decodedChildren()),
                n.source());
        topology.addSink(n.deadLetterSink(), Topics.deadLetter(Topics.METRICS), new StringSerializer(),
                cast(new ByteArraySerializer()), n.decoder());
    }

    /**
     * The per-run analyzer with its persistent store, and the three output sinks. The store is cached: a run's
     * state is written to RocksDB and its changelog once per commit, not once per message.
     */
    static void addRunAnalyzer(Topology topology, AnalyzerSettings settings, Names n) {
        topology.addProcessor(n.analyzer(), () -> new RunAnalyzerProcessor(
                new RunAnalyzer(new PolicyResolver(settings.policies()), settings.stateTtl(), settings.idleTtl()),
                settings, n), n.decoder());
        topology.addStateStore(Stores.keyValueStoreBuilder(settings.inMemoryState()
                        ? Stores.inMemoryKeyValueStore(n.store()) : Stores.persistentKeyValueStore(n.store()),
                Serdes.String(), new RunStateSerde()).withCachingEnabled(), n.analyzer());
        topology.addSink(n.commandsSink(), Topics.COMMANDS, new StringSerializer(),
                cast(ProtocolSerdes.commands().serializer()), n.analyzer());
        topology.addSink(n.alertsSink(), Topics.ALERTS, new StringSerializer(),
                cast(ProtocolSerdes.alerts().serializer()), n.analyzer());
        topology.addSink(n.healthSink(), Topics.RUN_HEALTH, new StringSerializer(),
                cast(ProtocolSerdes.health().serializer()), n.analyzer());
    }

    @SuppressWarnings("unchecked")
    private static Serializer<Object> cast(Serializer<?> serializer) {
        return (Serializer<Object>) serializer;
    }
}
