package io.runwarden.analyzer.stream;

import io.runwarden.analyzer.detect.RunAnalyzer;
import io.runwarden.analyzer.policy.PolicyResolver;
import io.runwarden.analyzer.sweep.SweepStateSerde;
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
 *                                    │                                    ├─► run-health-sink (runwarden.run-health)
 *                                    │                                    └─► sweep-events-sink
 *                                    └─► metrics-dlq-sink (runwarden.metrics.dlq)      │ key = sweepId
 *                                                                                       ▼
 *                                               runwarden-analyzer-sweep-events-repartition
 *                                                                                       │
 * sweep-events-source ─► sweep-analyzer [sweep-state-store] ─┬─► sweep-commands-sink (runwarden.commands, key = runId)
 *                                                             ├─► sweep-alerts-sink   (runwarden.alerts)
 *                                                             └─► sweep-events-dlq-sink (…-repartition.dlq)
 * </pre>
 *
 * The run analyzer forwards the lifecycle events and evaluations of sweep members, keyed by their sweepId, to an
 * explicit repartition topic ({@link #sweepEventsTopic}, created by {@link SweepEventsTopic}); the sweep analyzer
 * reads it, so all members of one sweep meet in one task. Extension point: a further consumer of decoded events
 * is one more name in {@link Names#decodedChildren()} plus its own {@code addSink}/{@code addSource}/
 * {@code addProcessor} calls after {@link #addRunAnalyzer}.
 */
public final class TopologyFactory {

    /** Processor, store and sink names, fixed so that state and changelogs survive topology changes. */
    public record Names(String source, String decoder, String deadLetterSink, String analyzer, String store,
                        String commandsSink, String alertsSink, String healthSink, String sweepEventsSink,
                        String sweepEventsSource, String sweepAnalyzer, String sweepStore, String sweepCommandsSink,
                        String sweepAlertsSink, String sweepDeadLetterSink) {

        public List<String> decodedChildren() {
            return List.of(analyzer);
        }
    }

    public static final Names NAMES = new Names("metrics-source", "metrics-decoder", "metrics-dlq-sink",
            "run-analyzer", "run-state-store", "commands-sink", "alerts-sink", "run-health-sink",
            "sweep-events-sink", "sweep-events-source", "sweep-analyzer", "sweep-state-store", "sweep-commands-sink",
            "sweep-alerts-sink", "sweep-events-dlq-sink");

    /**
     * Sweep members' events re-keyed by sweepId (value: the original metrics message), for the default application
     * id. Prefixed with the application id like Kafka Streams' own internal topics (see {@link #sweepEventsTopic}),
     * so the streams reset tool and ACL prefixes cover it and two analyzer applications never share it; created by
     * {@link SweepEventsTopic} with the partition count of {@code runwarden.metrics}.
     */
    public static final String SWEEP_EVENTS_TOPIC = sweepEventsTopic(StreamsProperties.APPLICATION_ID);

    public static String sweepEventsTopic(String applicationId) {
        return applicationId + "-sweep-events-repartition";
    }

    private TopologyFactory() {
    }

    public static Topology build(AnalyzerSettings settings) {
        Topology topology = new Topology();
        addDecodedMetrics(topology, NAMES);
        addRunAnalyzer(topology, settings, NAMES);
        addSweepAnalyzer(topology, settings, NAMES);
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

    /**
     * The re-keyed sweep events (sink from the run analyzer, source of the sweep analyzer), the sweep analyzer with
     * one {@code SweepState} per sweepId in its own persistent store, and its command and alert sinks (sinks of
     * their own: sharing the run analyzer's would join the two sub-topologies).
     */
    static void addSweepAnalyzer(Topology topology, AnalyzerSettings settings, Names n) {
        topology.addSink(n.sweepEventsSink(), settings.sweepEventsTopic(), new StringSerializer(),
                cast(ProtocolSerdes.metrics().serializer()), n.analyzer());
        topology.addSource(n.sweepEventsSource(), new StringDeserializer(), Serdes.ByteArray().deserializer(),
                settings.sweepEventsTopic());
        topology.addProcessor(n.sweepAnalyzer(),
                () -> new SweepProcessor(new PolicyResolver(settings.policies()), settings, n), n.sweepEventsSource());
        topology.addStateStore(Stores.keyValueStoreBuilder(settings.inMemoryState()
                        ? Stores.inMemoryKeyValueStore(n.sweepStore()) : Stores.persistentKeyValueStore(n.sweepStore()),
                Serdes.String(), new SweepStateSerde()).withCachingEnabled(), n.sweepAnalyzer());
        topology.addSink(n.sweepCommandsSink(), Topics.COMMANDS, new StringSerializer(),
                cast(ProtocolSerdes.commands().serializer()), n.sweepAnalyzer());
        topology.addSink(n.sweepAlertsSink(), Topics.ALERTS, new StringSerializer(),
                cast(ProtocolSerdes.alerts().serializer()), n.sweepAnalyzer());
        topology.addSink(n.sweepDeadLetterSink(), Topics.deadLetter(settings.sweepEventsTopic()),
                new StringSerializer(), cast(new ByteArraySerializer()), n.sweepAnalyzer());
    }

    @SuppressWarnings("unchecked")
    private static Serializer<Object> cast(Serializer<?> serializer) {
        return (Serializer<Object>) serializer;
    }
}
