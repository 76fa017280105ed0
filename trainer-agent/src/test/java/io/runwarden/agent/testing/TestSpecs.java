package io.runwarden.agent.testing;

import io.runwarden.protocol.RunSpec;
import io.runwarden.protocol.codec.ProtocolCodec;

/** The runs of the integration tests. */
public final class TestSpecs {

    public static final int SHORT_STEPS = 30;
    public static final int LONG_STEPS = 2000;
    /** Long enough that most of the run happens while the broker is down. */
    public static final int OUTAGE_STEPS = 300;

    private TestSpecs() {
    }

    /** Long enough for a heartbeat, evals and checkpoints. */
    public static RunSpec shortRun() {
        return spec(SHORT_STEPS);
    }

    /** Far longer than any test waits: ended by a command. */
    public static RunSpec longRun() {
        return spec(LONG_STEPS);
    }

    public static RunSpec spec(int steps) {
        return ProtocolCodec.specFromJson("{\"maxSteps\":" + steps + ",\"evalEverySteps\":5,"
                + "\"checkpointEverySteps\":5,\"learningRate\":0.001}");
    }
}
