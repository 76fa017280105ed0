package io.runwarden.agent.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.runwarden.agent.kafka.KafkaSettings;
import io.runwarden.agent.run.Agent;
import io.runwarden.agent.run.AgentSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/** Agents for the plain integration tests: the test engine, a fresh work dir, short heartbeats. */
public final class Agents {

    private Agents() {
    }

    public static Agent create(KafkaSettings kafka, Duration flushTimeout) {
        return create(kafka, flushTimeout, Path.of("target", "it-runs", UUID.randomUUID().toString()));
    }

    public static Agent create(KafkaSettings kafka, Duration flushTimeout, Path workDir) {
        return new Agent(new AgentSettings("it-" + UUID.randomUUID().toString().substring(0, 8), workDir, true,
                Duration.ofMillis(300), 10, flushTimeout), kafka, TestEngines.factory(), new SimpleMeterRegistry(),
                10_000);
    }

    public static Agent create(String bootstrap) {
        return create(KafkaSettings.of(bootstrap), Duration.ofSeconds(60));
    }

    public static String runId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
