package io.runwarden.agent.testing;

import io.runwarden.protocol.RunSpec;
import io.runwarden.protocol.codec.ProtocolCodec;

/** Specs for tests, written as JSON the way people write them. */
public final class Specs {

    private Specs() {
    }

    public static RunSpec tiny(int maxSteps) {
        return ProtocolCodec.specFromJson("{\"maxSteps\":" + maxSteps + ",\"evalEverySteps\":5,"
                + "\"checkpointEverySteps\":5,\"learningRate\":0.001}");
    }
}
