package io.runwarden.agent.testing;

import io.runwarden.engine.DjlTrainingJobFactory;
import io.runwarden.engine.TrainingJobFactory;

/** The engine the integration tests train with: the real DJL engine, on tiny models (see {@link TestSpecs}). */
public final class TestEngines {

    private TestEngines() {
    }

    public static TrainingJobFactory factory() {
        return new DjlTrainingJobFactory();
    }
}
