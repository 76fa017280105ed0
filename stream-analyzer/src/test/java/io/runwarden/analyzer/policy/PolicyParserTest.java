package io.runwarden.analyzer.policy;

import io.runwarden.analyzer.Msgs;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.codec.ProtocolJson;
import io.runwarden.protocol.sweep.SweepPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyParserTest {

    @Test
    void builtInDefaults() {
        Policy p = PolicyParser.builtIn().defaults();
        Policy.EarlyStopping es = p.earlyStopping();
        assertEquals("valLoss", es.monitor());
        assertFalse(es.maxMode());
        assertEquals(3, es.patience());
        assertEquals(0.0, es.minDelta());
        assertNull(es.baseline());
        assertNull(es.stoppingThreshold());
        assertNull(es.divergenceThreshold());
        assertTrue(es.checkFinite());
        assertEquals(0, es.startFromStep());
        assertTrue(es.restoreBest());
        assertEquals(2, p.rollback().budget());
        assertEquals(0.5, p.nonFinite().lrFactor());
        assertEquals(0.05, p.memorization().trainLossFloor());
    }

    @Test
    void runPolicyDeepMergesOverGlobalOverDefaults() {
        PolicyParser parser = PolicyParser.withGlobal(Msgs.json("{\"earlyStopping\":{\"patience\":5,\"minDelta\":0.01}}"));
        Policy p = parser.forRun(Msgs.json("{\"earlyStopping\":{\"patience\":2,\"baseline\":1.5}}"));
        assertEquals(2, p.earlyStopping().patience());
        assertEquals(0.01, p.earlyStopping().minDelta(), "kept from the global policy");
        assertEquals(1.5, p.earlyStopping().baseline());
        assertEquals("valLoss", p.earlyStopping().monitor(), "kept from the defaults");
        assertEquals(5, parser.defaults().earlyStopping().patience());
    }

    @Test
    void errorsNameTheField() {
        PolicyParser parser = PolicyParser.builtIn();
        assertEquals("earlyStopping.patence", assertThrows(InvalidPolicyException.class,
                () -> parser.forRun(Msgs.json("{\"earlyStopping\":{\"patence\":2}}"))).field());
        assertEquals("earlyStopping.mode", assertThrows(InvalidPolicyException.class,
                () -> parser.forRun(Msgs.json("{\"earlyStopping\":{\"mode\":\"lowest\"}}"))).field());
        assertEquals("lossSpike.window", assertThrows(InvalidPolicyException.class,
                () -> parser.forRun(Msgs.json("{\"lossSpike\":{\"window\":2.5}}"))).field());
        assertEquals("nonFinite", assertThrows(InvalidPolicyException.class,
                () -> parser.forRun(Msgs.json("{\"nonFinite\":true}"))).field());
        assertEquals("divergence.action", assertThrows(InvalidPolicyException.class,
                () -> parser.forRun(Msgs.json("{\"divergence\":{\"action\":\"panic\"}}"))).field());
        assertEquals("nonFinite.lrFactor", assertThrows(InvalidPolicyException.class,
                () -> parser.forRun(Msgs.json("{\"nonFinite\":{\"lrFactor\":2}}"))).field());
        assertEquals("policy", assertThrows(InvalidPolicyException.class,
                () -> parser.forRun(Msgs.json("[1]"))).field());
    }

    @Test
    void sweepSectionDefaultsToNoPruning() {
        assertEquals(SweepPolicy.none(), PolicyParser.builtIn().defaults().sweep());
    }

    @Test
    void sweepSectionAsSweepPolicyWritesItIsReadAndReplacesTheDefaultAsAWhole() {
        SweepPolicy asha = SweepPolicy.asha(List.of(25L, 50L, 100L), 3);
        PolicyParser parser = PolicyParser.withGlobal(Msgs.json("{\"sweep\":{\"rule\":\"median\",\"minMembers\":5}}"));
        assertEquals(5, parser.defaults().sweep().minMembers());
        ObjectNode run = ProtocolJson.mapper().createObjectNode();
        run.set("sweep", asha.toJson());
        assertEquals(asha, parser.forRun(run).sweep());
        Policy median = parser.forRun(Msgs.json("{\"sweep\":{\"graceSteps\":10}}"));
        assertEquals(3, median.sweep().minMembers(), "replaced, not merged: the global minMembers 5 is gone");
        assertEquals(10, median.sweep().graceSteps());
    }

    @Test
    void invalidSweepSectionNamesTheField() {
        PolicyParser parser = PolicyParser.builtIn();
        InvalidPolicyException unknown = assertThrows(InvalidPolicyException.class,
                () -> parser.forRun(Msgs.json("{\"sweep\":{\"rule\":\"median\",\"patience\":3}}")));
        assertEquals("sweep.patience", unknown.field());
        InvalidPolicyException eta = assertThrows(InvalidPolicyException.class,
                () -> parser.forRun(Msgs.json("{\"sweep\":{\"rule\":\"asha\",\"rungs\":[10],\"eta\":1}}")));
        assertEquals("sweep.eta", eta.field());
        InvalidPolicyException notObject = assertThrows(InvalidPolicyException.class,
                () -> parser.forRun(Msgs.json("{\"sweep\":\"median\"}")));
        assertEquals("sweep", notObject.field());
        assertThrows(InvalidPolicyException.class, () -> PolicyParser.withGlobal(Msgs.json("{\"sweep\":{\"eta\":0}}")));
        InvalidPolicyException other = assertThrows(InvalidPolicyException.class,
                () -> parser.forRun(Msgs.json("{\"sweeps\":{}}")));
        assertEquals("sweeps", other.field(), "other unknown fields stay errors");
    }
}
