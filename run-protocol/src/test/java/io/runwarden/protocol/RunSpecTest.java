package io.runwarden.protocol;

import io.runwarden.protocol.codec.ProtocolCodec;
import io.runwarden.protocol.codec.ProtocolException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunSpecTest {

    @Test
    void defaultsFollowPractitionerAdvice() {
        RunSpec lora = RunSpec.defaults();

        assertEquals("lora", lora.finetune());
        assertEquals(2e-4, lora.learningRate());
        assertEquals("cosine", lora.schedule());
        assertEquals(0.03, lora.warmupRatio());
        assertEquals(3, lora.epochs());
        assertEquals(1.0, lora.maxGradNorm());
        assertEquals(0.01, lora.weightDecay());
        assertEquals(16, lora.effectiveBatch());
        assertTrue(lora.validate().isEmpty(), lora.validate().toString());
    }

    @Test
    void fullFineTuningDefaultsToALowerLearningRate() {
        RunSpec full = ProtocolCodec.specFromJson("{\"finetune\":\"full\"}").withDefaults();

        assertEquals(2e-5, full.learningRate());
    }

    @Test
    void explicitValuesSurviveDefaults() {
        RunSpec spec = ProtocolCodec.specFromJson("{\"learningRate\":1e-3,\"schedule\":\"wsd\",\"batchSize\":2}")
                .withDefaults();

        assertEquals(1e-3, spec.learningRate());
        assertEquals("wsd", spec.schedule());
        assertEquals(2, spec.batchSize());
    }

    @Test
    void validationNamesEveryInvalidField() {
        RunSpec spec = ProtocolCodec.specFromJson("""
                {"learningRate": 0, "batchSize": 0, "schedule": "exponential", "warmupSteps": 100, "maxSteps": 50,
                 "validationFraction": 1.5, "finetune": "qlora", "loraTargets": ["q", "x"], "dModel": 30,
                 "heads": 4, "device": "tpu"}
                """);

        List<String> fields = spec.validate().stream().map(FieldError::field).collect(Collectors.toList());

        assertEquals(List.of("heads", "validationFraction", "finetune", "loraTargets", "learningRate", "schedule",
                "warmupSteps", "batchSize", "device"), fields);
    }

    @Test
    void nonFiniteLearningRateIsInvalid() {
        RunSpec spec = ProtocolCodec.specFromJson("{\"learningRate\":\"NaN\"}");

        assertEquals("learningRate", spec.validate().get(0).field());
    }

    @Test
    void unknownSpecFieldIsRejected() {
        ProtocolException error = assertThrows(ProtocolException.class,
                () -> ProtocolCodec.specFromJson("{\"lr\":0.1}"));

        assertEquals("lr", error.field());
    }
}
