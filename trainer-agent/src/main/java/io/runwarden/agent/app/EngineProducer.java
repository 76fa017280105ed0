package io.runwarden.agent.app;

import io.runwarden.engine.DjlTrainingJobFactory;
import io.runwarden.engine.TrainingJobFactory;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The training engine the agent drives: real DJL/PyTorch training (trainer-engine). */
public class EngineProducer {

    @Produces
    @Singleton
    TrainingJobFactory trainingJobFactory() {
        return new DjlTrainingJobFactory();
    }
}
