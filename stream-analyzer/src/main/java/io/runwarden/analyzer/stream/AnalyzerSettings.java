package io.runwarden.analyzer.stream;

import io.runwarden.analyzer.policy.PolicyParser;

import java.time.Duration;

/**
 * What the topology needs besides Kafka: the global policy, how long state is kept, and how often the wall-clock
 * punctuation (stall detection and expiry) runs.
 *
 * @param stateTtl           state of a finished or stopped run is kept this long after its end
 * @param idleTtl            state of a run that sends nothing (lost, abandoned) is dropped after this long
 * @param punctuateInterval  wall-clock period of the stall and expiry sweep
 * @param inMemoryState      keep the run states in memory instead of RocksDB (offline replay: nothing to recover)
 * @param applicationId      the Kafka Streams application id: prefix of the sweep repartition topic
 */
public record AnalyzerSettings(PolicyParser policies, Duration stateTtl, Duration idleTtl,
                               Duration punctuateInterval, boolean inMemoryState, String applicationId) {

    public AnalyzerSettings(PolicyParser policies, Duration stateTtl, Duration idleTtl, Duration punctuateInterval) {
        this(policies, stateTtl, idleTtl, punctuateInterval, false, StreamsProperties.APPLICATION_ID);
    }

    /** The topic carrying sweep members' events keyed by sweepId: {@code <applicationId>-sweep-events-repartition}. */
    public String sweepEventsTopic() {
        return TopologyFactory.sweepEventsTopic(applicationId);
    }

    public AnalyzerSettings withApplicationId(String id) {
        return new AnalyzerSettings(policies, stateTtl, idleTtl, punctuateInterval, inMemoryState, id);
    }

    public static final Duration DEFAULT_STATE_TTL = Duration.ofHours(1);
    public static final Duration DEFAULT_IDLE_TTL = Duration.ofHours(24);
    public static final Duration DEFAULT_PUNCTUATE_INTERVAL = Duration.ofSeconds(5);

    public static AnalyzerSettings defaults() {
        return new AnalyzerSettings(PolicyParser.builtIn(), DEFAULT_STATE_TTL, DEFAULT_IDLE_TTL,
                DEFAULT_PUNCTUATE_INTERVAL);
    }

    public AnalyzerSettings withPolicies(PolicyParser parser) {
        return new AnalyzerSettings(parser, stateTtl, idleTtl, punctuateInterval, inMemoryState, applicationId);
    }

    public AnalyzerSettings withInMemoryState() {
        return new AnalyzerSettings(policies, stateTtl, idleTtl, punctuateInterval, true, applicationId);
    }
}
