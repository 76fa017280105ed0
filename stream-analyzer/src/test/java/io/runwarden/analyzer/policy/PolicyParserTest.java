package io.runwarden.analyzer.policy;

import io.runwarden.analyzer.Msgs;
import org.junit.jupiter.api.Test;

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
}
