package io.runwarden.agent.app;

import io.runwarden.engine.TrainingJobFactory;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The training engine the agent drives. */
public class EngineProducer {

    @Produces
    @Singleton
    TrainingJobFactory trainingJobFactory() {
        return (runId, spec, options) -> {
            throw new IllegalStateException("the DJL training engine is not available in this build");
        };
    }
}
