package io.runwarden.dashboard.state;

import io.runwarden.dashboard.DashboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Makes the plain {@link RunRegistry} a CDI bean, sized from configuration. */
@ApplicationScoped
public class RegistryProducer {

    @Produces
    @ApplicationScoped
    RunRegistry registry(DashboardConfig config) {
        return new RunRegistry(config.maxRuns(), config.history().recentPoints(),
                config.history().archiveBuckets());
    }
}
