package io.runwarden.agent.app;

import io.runwarden.agent.kafka.KafkaSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class KafkaConfigSourceTest {

    @Test
    void everyKafkaClientPropertyPassesThroughAndQuarkusOwnKeysDoNot() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "kafka.bootstrap.servers", "broker-1:9093",
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "kafka.ssl.truststore.location", "/etc/kafka/truststore.p12",
                "kafka.devservices.enabled", "false",
                "quarkus.kafka.health.enabled", "false",
                "runwarden.agent.id", "a1"), "test", 100)).build();

        KafkaSettings settings = KafkaConfigSource.from(config, telemetry());
        Map<String, Object> common = settings.common();

        assertEquals("broker-1:9093", common.get("bootstrap.servers"));
        assertEquals("SASL_SSL", common.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", common.get("sasl.mechanism"));
        assertEquals("/etc/kafka/truststore.p12", common.get("ssl.truststore.location"));
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required;",
                common.get("sasl.jaas.config"));
        assertFalse(common.containsKey("devservices.enabled"));
        assertEquals(5, common.size());
        assertEquals(7, settings.lingerMs());
    }

    @Test
    void withoutConfigurationTheBrokerIsLocal() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().build();
        assertEquals("localhost:9092", KafkaConfigSource.from(config, telemetry()).bootstrapServers());
    }

    private static AgentConfig.Telemetry telemetry() {
        return new AgentConfig.Telemetry() {
            @Override
            public int bufferCapacity() {
                return 10;
            }

            @Override
            public Duration flushTimeout() {
                return Duration.ofSeconds(1);
            }

            @Override
            public int lingerMs() {
                return 7;
            }

            @Override
            public Duration deliveryTimeout() {
                return Duration.ofMinutes(1);
            }
        };
    }
}
