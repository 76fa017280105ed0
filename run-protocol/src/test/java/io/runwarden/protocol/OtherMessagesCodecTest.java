package io.runwarden.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.codec.ProtocolCodec;
import io.runwarden.protocol.codec.ProtocolJson;
import io.runwarden.protocol.kafka.ProtocolSerdes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OtherMessagesCodecTest {

    @Test
    void stopCommandRoundTrips() {
        StopCommand stop = new StopCommand(CommandIds.of("run-1", "early-stopping", 300), "run-1", "early-stopping",
                "valLoss did not improve for 3 evaluations", 300, 1_700_000_000_000L, CommandIds.ANALYZER_ORIGIN,
                Map.of("best", 1.02, "patience", 3), "ckpt-200", 200L);

        assertEquals(stop, ProtocolCodec.decodeCommand(ProtocolCodec.encodeCommand(stop)));
    }

    @Test
    void stopCommandWithoutRestoreRoundTrips() {
        StopCommand stop = new StopCommand("c-1", "run-1", "manual", null, 10, 1, "user:alice", null, null, null);
        StopCommand decoded = (StopCommand) ProtocolCodec.decodeCommand(ProtocolCodec.encodeCommand(stop));

        assertEquals(stop, decoded);
        assertNull(decoded.restoreStep());
        assertTrue(decoded.evidence().isEmpty());
    }

    @Test
    void rollbackCommandRoundTrips() {
        RollbackCommand rollback = new RollbackCommand("run-1/non-finite/95", "run-1", "non-finite",
                "loss is NaN", 95, 5, CommandIds.ANALYZER_ORIGIN, Map.of("loss", "NaN"), "ckpt-80", 80, 0.5, 15);

        RunCommand decoded = ProtocolCodec.decodeCommand(ProtocolCodec.encodeCommand(rollback));

        assertInstanceOf(RollbackCommand.class, decoded);
        assertEquals(rollback, decoded);
    }

    @Test
    void commandIdsAreDeterministic() {
        assertEquals(CommandIds.of("r", "spike", 7), CommandIds.of("r", "spike", 7));
        assertTrue(!CommandIds.of("r", "spike", 7).equals(CommandIds.of("r", "spike", 8)));
    }

    @Test
    void alertRoundTripsWithNestedEvidence() {
        Alert alert = new Alert("run-1", "loss-spike", Severity.WARN, 120, 9, "loss 9.1 is 6.2 MADs above median",
                Map.of("loss", 9.1, "median", 2.0, "window", List.of(1.9, 2.0, 2.1)));

        assertEquals(alert, ProtocolCodec.decodeAlert(ProtocolCodec.encodeAlert(alert)));
    }

    @Test
    void healthRoundTripsForEveryVerdict() {
        for (HealthVerdict verdict : HealthVerdict.values()) {
            RunHealth health = new RunHealth("run-1", verdict, List.of("a", "b"), 12, 99);
            assertEquals(health, ProtocolCodec.decodeHealth(ProtocolCodec.encodeHealth(health)));
        }
        assertTrue(ProtocolCodec.text(ProtocolCodec.encodeHealth(
                new RunHealth("r", HealthVerdict.ROLLED_BACK, null, 1, 1))).contains("\"rolled-back\""));
    }

    @Test
    void runRequestRoundTrips() {
        RunSpec spec = new RunSpec(null, "demo", null, null, null, null, "data/sample.jsonl", 0.1, 64, "lora", 8,
                16.0, List.of("q", "v"), 3e-4, "wsd", null, 5, 0.8, 2, null, 4, 4, 1.0, 0.01, 7L, 10, 10, 2, "cpu");
        ObjectNode policy = ProtocolJson.mapper().createObjectNode();
        policy.putObject("earlyStopping").put("patience", 2);
        RunRequest request = new RunRequest("run-9", spec, policy, "sweep-1", "user:bob", 1234);

        assertEquals(request, ProtocolCodec.decodeRunRequest(ProtocolCodec.encodeRunRequest(request)));
    }

    @Test
    void serdesRoundTripAndKeepTombstones() {
        Heartbeat beat = new Heartbeat("r", 1, 2);
        byte[] bytes = ProtocolSerdes.metrics().serializer().serialize("t", beat);

        assertEquals(beat, ProtocolSerdes.metrics().deserializer().deserialize("t", bytes));
        assertNull(ProtocolSerdes.health().deserializer().deserialize("t", null));
    }

    @Test
    void topicsHaveDeadLetterCounterparts() {
        assertEquals("runwarden.metrics.dlq", Topics.deadLetter(Topics.METRICS));
        assertTrue(Topics.allTopics().containsAll(Topics.protocolTopics()));
        assertTrue(Topics.isCompacted(Topics.RUN_HEALTH));
    }
}
