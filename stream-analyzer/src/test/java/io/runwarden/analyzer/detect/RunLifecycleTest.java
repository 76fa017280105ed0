package io.runwarden.analyzer.detect;

import io.runwarden.analyzer.Msgs;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.RunHealth;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stall detection, expiry, restarts, invalid run policies, run-health transitions. */
class RunLifecycleTest {

    @Test
    void stalledRunBecomesLostAndRecovers() {
        AnalyzerHarness h = new AnalyzerHarness();
        h.send(h.m.started(100, "{\"stalled\":{\"timeoutSeconds\":60}}"));
        h.send(h.m.train(1, 2.0));
        long last = Msgs.ts(1);
        h.tick(last + 30_000);
        assertTrue(h.alerts("stalled").isEmpty());
        h.tick(last + 61_000);
        assertEquals(1, h.alerts("stalled").size());
        assertEquals("lost", h.health.get(h.health.size() - 1).verdict().wireName());
        h.tick(last + 120_000);
        assertEquals(1, h.alerts("stalled").size(), "lost once");
        h.send(h.m.heartbeat(1));
        assertEquals("healthy", h.health.get(h.health.size() - 1).verdict().wireName());
    }

    @Test
    void finishedRunStateExpiresAfterTtl() {
        AnalyzerHarness h = new AnalyzerHarness();
        h.send(h.m.started(10, null));
        h.send(h.m.finished(10, FinishStatus.COMPLETED));
        long end = Msgs.ts(10) + 1;
        assertNotNull(h.tick(end + 3_000_000).state, "kept during the 1 h TTL; no stall alarm for a finished run");
        assertTrue(h.alerts("stalled").isEmpty());
        assertNull(h.tick(end + 3_700_000).state);
    }

    @Test
    void healthTransitions() {
        AnalyzerHarness h = new AnalyzerHarness();
        h.send(h.m.started(200, null));
        h.steady(1, 30, 2.0);
        h.send(h.m.checkpoint(20));
        h.send(h.m.train(31, Double.NaN));
        h.send(h.m.rollbackDone(20, 31, "run-1/non-finite/31"));
        h.steady(21, 40, 2.0);
        h.send(h.m.finished(40, FinishStatus.COMPLETED));
        List<String> verdicts = h.health.stream().map(x -> x.verdict().wireName()).toList();
        assertEquals(List.of("healthy", "rolled-back", "rolled-back", "finished"), verdicts);
        RunHealth done = h.health.get(2);
        assertTrue(done.reasons().get(done.reasons().size() - 1).contains("restored step-20"), done.reasons().toString());
        assertTrue(h.commands.size() == 1, "no false alarm on the replayed steps 21..31");
    }

    @Test
    void unannouncedRunUsesDefaultPolicy() {
        AnalyzerHarness h = new AnalyzerHarness();
        h.steady(1, 30, 2.0);
        h.send(h.m.checkpoint(20));
        h.send(h.m.train(31, Double.NaN));
        assertEquals(1, h.commands.size());
        assertTrue(h.health.get(0).reasons().get(0).contains("not announced"));
    }

    @Test
    void invalidRunPolicyIsReportedAndDefaultUsed() {
        AnalyzerHarness h = new AnalyzerHarness();
        h.send(h.m.started(100, "{\"earlyStopping\":{\"patience\":\"three\"}}"));
        assertTrue(h.alerts("policy").get(0).message().contains("earlyStopping.patience"));
        assertNull(h.state.policy);
    }

    @Test
    void newRunStartedResetsAnalysisButKeepsBudget() {
        AnalyzerHarness h = new AnalyzerHarness("{\"rollback\":{\"budget\":1}}");
        h.send(h.m.started(100, null));
        h.steady(1, 30, 2.0);
        h.send(h.m.checkpoint(20));
        h.send(h.m.train(31, Double.NaN));
        h.send(h.m.started(100, null)); // crashed and restarted from scratch
        h.steady(1, 30, 2.5);
        assertEquals(1, h.commands.size(), "no false alarm after the restart");
        assertEquals(1, h.state.rollbacksUsed);
    }
}
