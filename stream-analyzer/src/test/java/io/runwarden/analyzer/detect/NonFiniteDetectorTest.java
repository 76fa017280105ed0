package io.runwarden.analyzer.detect;

import io.runwarden.protocol.CommandType;
import io.runwarden.protocol.RollbackCommand;
import io.runwarden.protocol.Severity;
import io.runwarden.protocol.StopCommand;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NonFiniteDetectorTest {

    @Test
    void nanLossRollsBackOnThatVeryMessageToACheckpointAFewStepsOlder() {
        AnalyzerHarness h = new AnalyzerHarness();
        h.send(h.m.started(200, null));
        h.steady(1, 40, 2.0);
        h.send(h.m.checkpoint(30));
        h.send(h.m.checkpoint(40));
        Outcome out = h.send(h.m.train(41, Double.NaN, 3.0));
        assertEquals(1, out.commands.size(), "the command comes with the NaN step itself");
        RollbackCommand rb = (RollbackCommand) out.commands.get(0);
        assertEquals("step-30", rb.checkpointId(), "step-40 is younger than 5 steps");
        assertEquals(30, rb.toStep());
        assertEquals(0.5, rb.lrFactor());
        assertEquals("run-1/non-finite/41", rb.commandId());
        assertTrue(rb.reason().contains("loss is NaN at step 41"), rb.reason());
        assertEquals(Severity.ACTION, out.alerts.get(out.alerts.size() - 1).severity());
        assertEquals("rolled-back", out.health.verdict().wireName());
    }

    @Test
    void infiniteGradNormAlsoCounts() {
        AnalyzerHarness h = new AnalyzerHarness();
        h.steady(1, 20, 2.0);
        h.send(h.m.checkpoint(10));
        Outcome out = h.send(h.m.train(21, 1.9, Double.POSITIVE_INFINITY));
        assertEquals(CommandType.ROLLBACK, out.commands.get(0).type());
        assertTrue(out.commands.get(0).reason().contains("gradNorm is Infinity"));
    }

    @Test
    void budgetSpentStops() {
        AnalyzerHarness h = new AnalyzerHarness("{\"rollback\":{\"budget\":1}}");
        h.steady(1, 30, 2.0);
        h.send(h.m.checkpoint(20));
        h.send(h.m.train(31, Double.NaN));
        assertEquals(CommandType.ROLLBACK, h.commands.get(0).type());
        h.send(h.m.rollbackDone(20, 31, h.commands.get(0).commandId()));
        h.steady(21, 33, 2.0);
        Outcome out = h.send(h.m.train(34, Double.NaN));
        StopCommand stop = (StopCommand) out.commands.get(0);
        assertTrue(stop.reason().contains("rollback budget of 1 spent"), stop.reason());
        assertEquals("stopped", h.health.get(h.health.size() - 1).verdict().wireName());
        // After a STOP the run gets no further commands.
        h.send(h.m.train(35, Double.NaN));
        assertEquals(2, h.commands.size());
    }

    @Test
    void noUsableCheckpointStops() {
        AnalyzerHarness h = new AnalyzerHarness();
        h.steady(1, 10, 2.0);
        h.send(h.m.checkpoint(8));
        Outcome out = h.send(h.m.train(11, Double.NaN));
        assertEquals(CommandType.STOP, out.commands.get(0).type());
        assertTrue(out.commands.get(0).reason().contains("no checkpoint at or before step 6"));
    }

    @Test
    void secondNaNWhileRollbackPendingDoesNotSpendBudget() {
        AnalyzerHarness h = new AnalyzerHarness();
        h.steady(1, 30, 2.0);
        h.send(h.m.checkpoint(20));
        h.send(h.m.train(31, Double.NaN));
        h.send(h.m.train(32, Double.NaN));
        assertEquals(1, h.commands.size());
        assertEquals(1, h.state.rollbacksUsed);
    }

    @Test
    void switchedOffDoesNothing() {
        AnalyzerHarness h = new AnalyzerHarness("{\"nonFinite\":{\"enabled\":false}}");
        h.steady(1, 30, 2.0);
        h.send(h.m.checkpoint(20));
        h.send(h.m.train(31, Double.NaN));
        assertTrue(h.commands.isEmpty());
    }
}
