package io.runwarden.agent.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** {@code runwarden.agent.*}: every key is documented with its default in the README's trainer-agent section. */
@ConfigMapping(prefix = "runwarden.agent")
public interface AgentConfig {

    /** {@code job} (one run from configuration, then exit) or {@code pool} (take run requests). */
    @WithDefault("job")
    String mode();

    /** Default: the host name. */
    Optional<String> id();

    /** Job mode: the run's id; default {@code <spec file name>-<epoch seconds>}. */
    Optional<String> runId();

    /** Job mode: the RunSpec JSON file. */
    Optional<String> specFile();

    /** Optional stop policy JSON published with run-started (a run request's own policy wins). */
    Optional<String> policyFile();

    /** Job mode: the sweep this run belongs to. */
    Optional<String> sweepId();

    @WithDefault(".runwarden/runs")
    String workDir();

    /** Continue a run from its newest checkpoint when its work directory has one. */
    @WithDefault("true")
    boolean resume();

    @WithDefault("5s")
    Duration heartbeatInterval();

    /** A progress log line every this many steps (0: none). */
    @WithDefault("50")
    int progressEvery();

    Telemetry telemetry();

    interface Telemetry {
        /** Messages held in memory while Kafka is slow or away. */
        @WithDefault("10000")
        int bufferCapacity();

        /** How long the end of a job waits for its telemetry to reach Kafka. */
        @WithDefault("60s")
        Duration flushTimeout();

        @WithDefault("5")
        int lingerMs();

        /** How long the producer keeps retrying a message while the broker is away. */
        @WithDefault("24h")
        Duration deliveryTimeout();
    }
}
