package io.runwarden.agent.testing;

import io.runwarden.protocol.RunSpec;
import io.runwarden.protocol.codec.ProtocolCodec;

/**
 * The runs of the integration tests: real DJL training of a tiny GPT (2 layers, d 48, context 48) on the
 * engine's shipped sample set, written as JSON the way people write specs.
 */
public final class TestSpecs {

    public static final int SHORT_STEPS = 30;
    public static final int LONG_STEPS = 3000;
    /** Long enough that much of the run happens while the broker is down. */
    public static final int OUTAGE_STEPS = 250;

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
        return ProtocolCodec.specFromJson(json(steps, 5));
    }

    /** Fewer evals and checkpoints: mostly training steps. */
    public static RunSpec spec(int steps, int evalAndCheckpointEvery) {
        return ProtocolCodec.specFromJson(json(steps, evalAndCheckpointEvery));
    }

    public static String json(int steps) {
        return json(steps, 5);
    }

    public static String json(int steps, int every) {
        return "{\"layers\":2,\"dModel\":48,\"heads\":4,\"contextLength\":48,\"finetune\":\"full\","
                + "\"learningRate\":0.002,\"batchSize\":8,\"gradAccumulation\":1,\"maxTrainExamples\":256,"
                + "\"validationFraction\":0.05,\"maxSteps\":" + steps + ",\"evalEverySteps\":" + every + ","
                + "\"checkpointEverySteps\":" + every + ",\"keepLastCheckpoints\":100,\"device\":\"cpu\"}";
    }
}
