package io.runwarden.analyzer.detect;

import io.runwarden.protocol.CommandType;
import io.runwarden.protocol.RollbackCommand;
import io.runwarden.protocol.Severity;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Divergence, memorisation, no-learning and gradient explosion. */
class OtherDetectorsTest {

    @Test
    void divergenceStopsWhenSmoothedLossTriplesItsMinimum() {
        AnalyzerHarness h = new AnalyzerHarness("{\"lossSpike\":{\"enabled\":false}}");
        h.steady(1, 40, 1.0);
        double loss = 1.0;
        for (long s = 41; s <= 120 && h.commands.isEmpty(); s++) {
            loss *= 1.08;
            h.send(h.m.train(s, loss));
        }
        assertEquals(1, h.commands.size());
        assertEquals(CommandType.STOP, h.commands.get(0).type());
        assertEquals(DivergenceDetector.RULE, h.commands.get(0).rule());
        double ema = (Double) h.commands.get(0).evidence().get("emaLoss");
        double min = (Double) h.commands.get(0).evidence().get("emaMin");
        assertTrue(ema > 3 * min);
    }

    @Test
    void divergenceAbsoluteThreshold() {
        AnalyzerHarness h = new AnalyzerHarness("{\"divergence\":{\"absoluteThreshold\":1.5,\"warmupSteps\":0},"
                + "\"lossSpike\":{\"enabled\":false}}");
        h.send(h.m.train(1, 1.0));
        h.send(h.m.train(2, 9.0));
        assertEquals(DivergenceDetector.RULE, h.commands.get(0).rule());
    }

    @Test
    void memorizationAlertsWhenTrainLossTinyAndValRises() {
        AnalyzerHarness h = new AnalyzerHarness();
        h.send(h.m.started(300, null));
        double[] val = {1.0, 1.1, 1.2};
        for (int i = 0; i < val.length; i++) {
            long step = 50L * (i + 1);
            h.send(h.m.train(step, 0.01));
            h.send(h.m.eval(step, val[i]));
        }
        assertEquals(1, h.alerts(MemorizationDetector.RULE).size());
        assertEquals(Severity.WARN, h.alerts(MemorizationDetector.RULE).get(0).severity());
        assertTrue(h.commands.isEmpty(), "early stopping has patience 3; memorisation only alerts by default");
        assertEquals("warning", h.health.get(h.health.size() - 1).verdict().wireName());
    }

    @Test
    void memorizationStopsWhenThePolicySaysSo() {
        AnalyzerHarness h = new AnalyzerHarness();
        h.send(h.m.started(300, "{\"memorization\":{\"action\":\"stop\",\"risingEvals\":1}}"));
        h.send(h.m.train(50, 0.02));
        h.send(h.m.eval(50, 1.0));
        h.send(h.m.checkpoint(50));
        h.send(h.m.train(100, 0.01));
        h.send(h.m.eval(100, 1.3));
        assertEquals(MemorizationDetector.RULE, h.commands.get(0).rule());
        assertEquals("step-50", ((io.runwarden.protocol.StopCommand) h.commands.get(0)).restoreCheckpointId());
    }

    @Test
    void noLearningAlertsOnceWhenLossBarelyMoves() {
        AnalyzerHarness h = new AnalyzerHarness();
        h.send(h.m.started(100, null));
        for (long s = 1; s <= 60; s++) {
            h.send(h.m.train(s, 2.0 - 0.0005 * s));
        }
        assertEquals(1, h.alerts(NoLearningDetector.RULE).size());
        assertTrue(h.alerts(NoLearningDetector.RULE).get(0).message().contains("learning rate too low?"));
        assertEquals(25L, h.alerts(NoLearningDetector.RULE).get(0).atStep());
    }

    @Test
    void noLearningSilentWhenLossFalls() {
        AnalyzerHarness h = new AnalyzerHarness();
        h.send(h.m.started(100, null));
        for (long s = 1; s <= 60; s++) {
            h.send(h.m.train(s, 2.0 * Math.exp(-s / 20.0)));
        }
        assertTrue(h.alerts(NoLearningDetector.RULE).isEmpty());
    }

    @Test
    void gradientExplosionAlertsThenRollsBackWhenSustained() {
        AnalyzerHarness h = new AnalyzerHarness();
        for (long s = 1; s <= 40; s++) {
            h.send(h.m.train(s, 2.0 - 0.001 * s, 1.0 + (s % 2) * 0.1));
        }
        h.send(h.m.checkpoint(30));
        h.send(h.m.train(41, 1.95, 50.0));
        assertEquals(1, h.alerts(GradExplosionDetector.RULE).size());
        h.send(h.m.train(42, 1.95, 1.0));
        assertTrue(h.commands.isEmpty(), "a lone explosion is only an alert");
        for (long s = 43; s <= 47; s++) {
            h.send(h.m.train(s, 1.95, 40.0));
        }
        RollbackCommand rb = (RollbackCommand) h.commands.get(0);
        assertEquals(GradExplosionDetector.RULE, rb.rule());
        assertEquals("step-30", rb.checkpointId());
        assertEquals(47, rb.atStep());
    }
}
