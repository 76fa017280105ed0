package io.runwarden.agent.app;

import io.runwarden.agent.kafka.KafkaSettings;
import org.eclipse.microprofile.config.Config;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Collects the {@code kafka.*} configuration (bootstrap servers, security settings, any other standard client
 * property) into the common properties every Kafka client of the agent gets.
 */
final class KafkaConfigSource {

    /** Quarkus' own keys under {@code kafka.}, not client properties. */
    private static final Set<String> NOT_CLIENT_PROPERTIES = Set.of("devservices", "health", "snappy");

    private KafkaConfigSource() {
    }

    static KafkaSettings from(Config config, AgentConfig.Telemetry telemetry) {
        Map<String, Object> common = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            String key = normalise(name);
            if (key == null || NOT_CLIENT_PROPERTIES.contains(key.split("\\.")[0])) {
                continue;
            }
            // Looked up by its dotted name so an environment variable overrides application.properties.
            config.getOptionalValue("kafka." + key, String.class).ifPresent(v -> common.put(key, v));
        }
        common.put("bootstrap.servers",
                config.getOptionalValue("kafka.bootstrap.servers", String.class).orElse("localhost:9092"));
        return new KafkaSettings(common, telemetry.lingerMs(), telemetry.deliveryTimeout());
    }

    /** {@code kafka.sasl.mechanism} and {@code KAFKA_SASL_MECHANISM} both become {@code sasl.mechanism}. */
    private static String normalise(String name) {
        if (name.startsWith("kafka.")) {
            return name.substring("kafka.".length());
        }
        if (name.startsWith("KAFKA_") && name.equals(name.toUpperCase(java.util.Locale.ROOT))) {
            return name.substring("KAFKA_".length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.');
        }
        return null;
    }
}
