package io.runwarden.analyzer.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** {@code runwarden.analyzer.*} configuration. */
@ConfigMapping(prefix = "runwarden.analyzer")
public interface AnalyzerConfig {

    /** Optional JSON policy merged over the built-in defaults; each run's own policy is merged over it. */
    Optional<String> policyFile();

    /** How long a finished or stopped run's state is kept. */
    @WithDefault("1h")
    Duration stateTtl();

    /** A run that sends nothing for this long is forgotten (lost, abandoned). */
    @WithDefault("24h")
    Duration idleTtl();

    /** Period of the wall-clock sweep that finds stalled runs and expires state. */
    @WithDefault("5s")
    Duration punctuateInterval();

    /** Create the sweep repartition topic at start-up where it does not exist (needs topic-create rights). */
    @WithDefault("true")
    boolean createSweepTopic();

    // The next three are read by application.properties into kafka-streams.* settings; declared here so that
    // they are known, documented keys of this prefix.

    /** Kafka Streams {@code commit.interval.ms}: under exactly-once, the command latency floor. */
    @WithDefault("50")
    long commitIntervalMs();

    /** Kafka Streams {@code state.dir}. */
    @WithDefault(".runwarden/analyzer-state")
    String stateDir();

    /** Kafka Streams {@code num.stream.threads}. */
    @WithDefault("1")
    int streamThreads();
}
