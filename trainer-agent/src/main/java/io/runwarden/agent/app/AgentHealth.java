package io.runwarden.agent.app;

import io.runwarden.agent.pool.RunRequestListener;
import io.runwarden.agent.run.Agent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Liveness: the agent's threads run. Readiness: that, and Kafka answers. */
public class AgentHealth {

    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {
        @Inject
        AgentService service;

        @Override
        public HealthCheckResponse call() {
            return threads(HealthCheckResponse.named("runwarden-agent"), service).build();
        }
    }

    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        @Inject
        AgentService service;
        @Inject
        AgentConfig config;
        @Inject
        Config rawConfig;
        private Admin admin;

        @Override
        public HealthCheckResponse call() {
            HealthCheckResponseBuilder b = threads(HealthCheckResponse.named("runwarden-agent-kafka"), service);
            boolean kafka = kafkaReachable();
            b.withData("kafka", kafka);
            if (!kafka) {
                b.down();
            }
            return b.build();
        }

        private synchronized boolean kafkaReachable() {
            try {
                if (admin == null) {
                    Map<String, Object> p = new HashMap<>(KafkaConfigSource.from(rawConfig, config.telemetry())
                            .common());
                    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
                    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
                    admin = Admin.create(p);
                }
                return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes()
                        .get(4, TimeUnit.SECONDS).isEmpty();
            } catch (Exception e) {
                return false;
            }
        }
    }

    static HealthCheckResponseBuilder threads(HealthCheckResponseBuilder b, AgentService service) {
        Agent agent = service.agentIfStarted();
        boolean pool = service.isPoolMode() || (agent != null && agent.pool() != null);
        b.up().withData("mode", pool ? "pool" : "job");
        if (agent != null) {
            boolean sender = agent.sender().isAlive();
            b.withData("telemetrySender", sender).withData("telemetryBuffered", agent.buffer().size())
                    .withData("telemetryDropped", agent.buffer().droppedCount());
            if (!sender) {
                b.down();
            }
            RunRequestListener requests = agent.pool();
            if (requests != null) {
                b.withData("poolLoop", requests.isAlive());
                if (requests.activeRunId() != null) {
                    b.withData("run", requests.activeRunId());
                }
                if (!requests.isAlive()) {
                    b.down();
                }
            }
        } else if (service.isPoolMode()) {
            b.down().withData("poolLoop", false);
        }
        return b;
    }
}
