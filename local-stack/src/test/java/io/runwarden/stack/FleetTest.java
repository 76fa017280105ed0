package io.runwarden.stack;

import io.runwarden.protocol.codec.ProtocolJson;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FleetTest {

    private static List<FleetRun> parse(String json) throws Exception {
        return Fleet.parse(ProtocolJson.mapper().readTree(json), "fleet.json");
    }

    @Test
    void demoFleetShowsEachFailureMode() throws Exception {
        List<FleetRun> fleet = Fleet.loadDefault();

        assertEquals(List.of("demo-healthy", "demo-too-hot", "demo-overfits", "demo-too-cold"),
                fleet.stream().map(FleetRun::runId).toList());
        fleet.forEach(run -> assertTrue(run.spec().validate().isEmpty(), run.runId()));
        assertNotNull(fleet.get(2).policy(), "the overfitting run carries its early-stopping policy");
    }

    @Test
    void invalidSpecNamesRunAndField() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> parse("[{\"runId\":\"a\",\"spec\":{\"learningRate\":-1}}]"));

        assertTrue(error.getMessage().contains("(a)"), error.getMessage());
        assertTrue(error.getMessage().contains("learningRate"), error.getMessage());
    }

    @Test
    void unknownSpecFieldNamesIt() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> parse("[{\"runId\":\"a\",\"spec\":{\"learning_rate\":1e-4}}]"));

        assertTrue(error.getMessage().contains("learning_rate"), error.getMessage());
    }

    @Test
    void badRunIdsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> parse("[{\"runId\":\"has space\"}]"));
        assertThrows(IllegalArgumentException.class, () -> parse("[{\"runId\":\"a\"},{\"runId\":\"a\"}]"));
        assertThrows(IllegalArgumentException.class, () -> parse("[]"));
        assertThrows(IllegalArgumentException.class, () -> parse("{\"runId\":\"a\"}"));
    }

    @Test
    void policyMustBeAnObject() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> parse("[{\"runId\":\"a\",\"policy\":[1]}]"));

        assertTrue(error.getMessage().contains("policy"), error.getMessage());
    }
}
