package io.runwarden.analyzer.detect;

import io.runwarden.protocol.RollbackCommand;
import io.runwarden.protocol.Severity;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossSpikeDetectorTest {

    @Test
    void loneSpikeThatRecoversIsOnlyAnAlert() {
        AnalyzerHarness h = new AnalyzerHarness();
        h.steady(1, 60, 2.0);
        h.send(h.m.checkpoint(50));
        h.send(h.m.train(61, 6.0));
        h.send(h.m.train(62, 5.0));
        h.steady(63, 80, 2.0);
        assertTrue(h.commands.isEmpty(), "a spike that recovers must not act");
        assertEquals(Severity.WARN, h.alerts(LossSpikeDetector.RULE).get(0).severity());
        assertTrue(h.alerts(LossSpikeDetector.RULE).get(1).message().contains("recovered after 2"));
    }

    @Test
    void persistentSpikeRollsBackBeforeTheSpikeAndSkipsItsBatches() {
        AnalyzerHarness h = new AnalyzerHarness();
        h.steady(1, 60, 2.0);
        h.send(h.m.checkpoint(40));
        h.send(h.m.checkpoint(60));
        for (long s = 61; s <= 65; s++) {
            h.send(h.m.train(s, 6.0 + s * 0.01));
            h.send(h.m.checkpoint(62)); // a checkpoint inside the spike must not be chosen
        }
        assertEquals(1, h.commands.size());
        RollbackCommand rb = (RollbackCommand) h.commands.get(0);
        assertEquals("run-1/loss-spike/65", rb.commandId());
        assertEquals("step-60", rb.checkpointId());
        assertEquals(5, rb.skipBatches(), "batches 61..65");
        assertEquals(0.5, rb.lrFactor());
        assertEquals(61L, rb.evidence().get("spikeStartStep"));
    }

    @Test
    void noSpikeBeforeWarmup() {
        AnalyzerHarness h = new AnalyzerHarness();
        h.steady(1, 10, 2.0);
        h.send(h.m.train(11, 9.0));
        assertTrue(h.alerts(LossSpikeDetector.RULE).isEmpty());
    }

    @Test
    void stepsGoingBackwardsResetWithoutFalseAlarm() {
        AnalyzerHarness h = new AnalyzerHarness();
        h.steady(1, 60, 1.0);
        // Resumed from step 20 after a crash: the loss at step 21 is higher than at 60 (earlier in training).
        for (long s = 21; s <= 60; s++) {
            h.send(h.m.train(s, 1.6 - 0.001 * s));
        }
        assertTrue(h.alerts.stream().noneMatch(a -> a.severity() != Severity.INFO), h.alerts.toString());
        assertTrue(h.commands.isEmpty());
        // A repeated step (duplicate delivery) changes nothing either.
        h.send(h.m.train(60, 50.0));
        assertTrue(h.commands.isEmpty() && h.alerts(LossSpikeDetector.RULE).isEmpty());
    }

    @Test
    void actionAlertNeverCommands() {
        AnalyzerHarness h = new AnalyzerHarness("{\"lossSpike\":{\"action\":\"alert\"}}");
        h.steady(1, 60, 2.0);
        h.send(h.m.checkpoint(40));
        for (long s = 61; s <= 70; s++) {
            h.send(h.m.train(s, 6.0));
        }
        assertTrue(h.commands.isEmpty());
        assertEquals(2, h.alerts(LossSpikeDetector.RULE).size(), "first spike step and persistence");
    }
}
