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

    public static Agent create(String bootstrap, KafkaSettings kafka) {
        return new Agent(new AgentSettings("it-" + UUID.randomUUID().toString().substring(0, 8),
                Path.of("target", "it-runs", UUID.randomUUID().toString()), true, Duration.ofMillis(300), 10,
                Duration.ofSeconds(60)), kafka, TestEngines.factory(), new SimpleMeterRegistry(), 10_000);
    }

    public static Agent create(String bootstrap) {
        return create(bootstrap, KafkaSettings.of(bootstrap));
    }

    public static String runId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
