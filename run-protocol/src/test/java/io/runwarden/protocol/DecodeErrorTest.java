package io.runwarden.protocol;

import io.runwarden.protocol.codec.ProtocolCodec;
import io.runwarden.protocol.codec.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodeErrorTest {

    private static final String TRAIN = "{\"v\":1,\"type\":\"train\",\"runId\":\"r\",\"step\":1,\"ts\":1,"
            + "\"epoch\":0,\"loss\":1.0,\"lr\":0.1,\"gradNorm\":0.5}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing loss         | \"loss\":1.0,                      | | loss",
            "loss is text         | \"loss\":1.0                       | \"loss\":\"high\" | loss",
            "loss is boolean      | \"loss\":1.0                       | \"loss\":true | loss",
            "missing runId        | \"runId\":\"r\",                   | | runId",
            "blank runId          | \"runId\":\"r\"                    | \"runId\":\" \" | runId",
            "runId is number      | \"runId\":\"r\"                    | \"runId\":7 | runId",
            "step is fractional   | \"step\":1                         | \"step\":1.5 | step",
            "step is text         | \"step\":1                         | \"step\":\"one\" | step",
            "missing ts           | \"ts\":1,                          | | ts",
            "unknown version      | \"v\":1                            | \"v\":2 | v",
            "missing version      | \"v\":1,                           | | v",
            "unknown type         | \"type\":\"train\"                 | \"type\":\"trian\" | type",
            "missing gradNorm     | ,\"gradNorm\":0.5                  | | gradNorm"})
    void malformedTrainMessageNamesTheField(String name, String replace, String with, String field) {
        String json = TRAIN.replace(replace, with == null ? "" : with);

        ProtocolException error = assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeMetric(json));

        assertEquals(field, error.field(), error.getMessage());
        assertTrue(error.getMessage().contains("'" + field + "'"), error.getMessage());
    }

    @Test
    void brokenJsonIsAnErrorWithoutField() {
        ProtocolException error = assertThrows(ProtocolException.class,
                () -> ProtocolCodec.decodeMetric("{\"v\":1,\"type\":"));

        assertNull(error.field());
        assertTrue(error.getMessage().startsWith("malformed JSON"), error.getMessage());
    }

    @Test
    void nonObjectIsAnError() {
        assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeMetric("[1,2]"));
        assertThrows(ProtocolException.class,
                () -> ProtocolCodec.decodeMetric("garbage".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void runStartedWithoutSpecNamesSpec() {
        ProtocolException error = assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeMetric(
                "{\"v\":1,\"type\":\"run-started\",\"runId\":\"r\",\"step\":0,\"ts\":1,\"totalSteps\":10}"));

        assertEquals("spec", error.field());
    }

    @Test
    void runFinishedWithUnknownStatusNamesStatus() {
        ProtocolException error = assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeMetric(
                "{\"v\":1,\"type\":\"run-finished\",\"runId\":\"r\",\"step\":0,\"ts\":1,\"status\":\"done\"}"));

        assertEquals("status", error.field());
    }

    @Test
    void evalMetricWithTextValueNamesNestedField() {
        ProtocolException error = assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeMetric(
                "{\"v\":1,\"type\":\"eval\",\"runId\":\"r\",\"step\":0,\"ts\":1,\"epoch\":1,\"valLoss\":1,"
                        + "\"metrics\":{\"accuracy\":\"high\"}}"));

        assertEquals("metrics.accuracy", error.field());
    }

    @Test
    void rollbackCommandWithoutCheckpointNamesCheckpointId() {
        ProtocolException error = assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeCommand(
                "{\"v\":1,\"commandId\":\"c\",\"runId\":\"r\",\"type\":\"ROLLBACK\",\"rule\":\"x\",\"atStep\":3,"
                        + "\"issuedAt\":1,\"toStep\":1,\"lrFactor\":0.5,\"skipBatches\":0}"));

        assertEquals("checkpointId", error.field());
    }

    @Test
    void commandWithUnknownTypeNamesType() {
        ProtocolException error = assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeCommand(
                "{\"v\":1,\"commandId\":\"c\",\"runId\":\"r\",\"type\":\"PAUSE\",\"rule\":\"x\",\"atStep\":3,"
                        + "\"issuedAt\":1}"));

        assertEquals("type", error.field());
    }

    @Test
    void alertWithUnknownSeverityNamesSeverity() {
        ProtocolException error = assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeAlert(
                "{\"v\":1,\"runId\":\"r\",\"rule\":\"x\",\"severity\":\"panic\",\"atStep\":3}"));

        assertEquals("severity", error.field());
    }

    @Test
    void healthWithNonTextReasonNamesTheElement() {
        ProtocolException error = assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeHealth(
                "{\"v\":1,\"runId\":\"r\",\"verdict\":\"warning\",\"reasons\":[\"ok\",3],\"atStep\":3}"));

        assertEquals("reasons[1]", error.field());
    }

    @Test
    void runRequestWithMisspeltSpecFieldNamesIt() {
        ProtocolException error = assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeRunRequest(
                "{\"v\":1,\"runId\":\"r\",\"spec\":{\"learningrate\":0.1}}"));

        assertEquals("spec.learningrate", error.field());
    }

    @Test
    void runRequestWithMistypedSpecFieldNamesIt() {
        ProtocolException error = assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeRunRequest(
                "{\"v\":1,\"runId\":\"r\",\"spec\":{\"batchSize\":\"big\"}}"));

        assertEquals("spec.batchSize", error.field());
    }

    @Test
    void nullBytesAreAnError() {
        assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeMetric((byte[]) null));
    }
}
