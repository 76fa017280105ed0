package io.runwarden.agent.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.runwarden.agent.kafka.KafkaSettings;
import io.runwarden.agent.run.Agent;
import io.runwarden.agent.run.AgentSettings;
import io.runwarden.engine.TrainingJobFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.nio.file.Path;

/** Builds the one {@link Agent} of this process from configuration; in pool mode starts taking requests. */
@ApplicationScoped
public class AgentService {

    private static final Logger LOG = Logger.getLogger(AgentService.class);

    @Inject
    AgentConfig config;
    @Inject
    Config rawConfig;
    @Inject
    MeterRegistry registry;
    @Inject
    TrainingJobFactory factory;

    private volatile Agent agent;

    void onStart(@Observes StartupEvent event) {
        if (isPoolMode()) {
            startPool();
        }
    }

    /** Takes run requests; the policy file (when set) applies to requests that bring no policy. */
    public void startPool() {
        agent().startPool(config.policyFile().filter(f -> !f.isBlank()).map(JobSource::readPolicy).orElse(null));
    }

    public boolean isPoolMode() {
        return "pool".equals(config.mode());
    }

    public synchronized Agent agent() {
        if (agent == null) {
            KafkaSettings kafka = KafkaConfigSource.from(rawConfig, config.telemetry());
            AgentSettings settings = new AgentSettings(agentId(), Path.of(config.workDir()), config.resume(),
                    config.heartbeatInterval(), config.progressEvery(), config.telemetry().flushTimeout());
            LOG.infof("agent %s: Kafka %s, work dir %s", settings.agentId(), kafka.bootstrapServers(),
                    settings.workDir().toAbsolutePath());
            agent = new Agent(settings, kafka, factory, registry, config.telemetry().bufferCapacity());
        }
        return agent;
    }

    /** Null until the agent was built (job mode builds it when the run begins). */
    public Agent agentIfStarted() {
        return agent;
    }

    public String agentId() {
        return config.id().filter(s -> !s.isBlank()).orElseGet(AgentService::hostName);
    }

    void onStop(@Observes ShutdownEvent event) {
        Agent a = agent;
        if (a != null) {
            a.close();
        }
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "agent";
        }
    }
}
