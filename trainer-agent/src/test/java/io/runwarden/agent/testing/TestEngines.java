package io.runwarden.agent.testing;

import io.runwarden.engine.TrainingJobFactory;

/** The engine the integration tests train with. */
public final class TestEngines {

    private TestEngines() {
    }

    public static TrainingJobFactory factory() {
        return new ScriptedJobFactory(20_000_000L);
    }
}
