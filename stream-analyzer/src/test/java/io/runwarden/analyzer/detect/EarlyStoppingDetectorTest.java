package io.runwarden.analyzer.detect;

import io.runwarden.analyzer.Msgs;
import io.runwarden.analyzer.policy.Policy;
import io.runwarden.analyzer.policy.PolicyParser;
import io.runwarden.analyzer.state.RunState;
import io.runwarden.protocol.CommandType;
import io.runwarden.protocol.StopCommand;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lightning / Keras EarlyStopping semantics on hand-written sequences of evaluations (one every 10 steps). */
class EarlyStoppingDetectorTest {

    private final Msgs m = new Msgs("es");

    /** Feeds the values as evaluations at steps 10, 20, ...; returns the index (0-based) of the stopping one. */
    private Result run(String earlyStoppingJson, double... values) {
        Policy policy = PolicyParser.builtIn().forRun(Msgs.json("{\"earlyStopping\":" + earlyStoppingJson + "}"));
        RunState state = new RunState("es");
        EarlyStoppingDetector detector = new EarlyStoppingDetector();
        for (int i = 0; i < values.length; i++) {
            Findings findings = new Findings();
            detector.onEval(state, m.eval(10L * (i + 1), values[i]), policy, findings);
            if (findings.proposal() != null) {
                return new Result(i, findings.proposal(), state);
            }
        }
        return new Result(-1, null, state);
    }

    private record Result(int stoppedAt, Proposal proposal, RunState state) {
    }

    @Test
    void stopsWhenWaitReachesPatience() {
        Result r = run("{\"patience\":3}", 1.0, 0.9, 0.95, 0.92, 0.91);
        assertEquals(4, r.stoppedAt, "three evaluations without improvement after the best (0.9)");
        assertEquals(0.9, r.state.esBest);
        assertEquals(20, r.state.esBestStep);
        assertTrue(r.proposal.reason().contains("did not improve for 3 evaluations"), r.proposal.reason());
    }

    @Test
    void improvementResetsTheWaitCounter() {
        assertEquals(-1, run("{\"patience\":2}", 1.0, 1.1, 0.9, 1.0, 0.8, 0.85).stoppedAt);
        assertEquals(4, run("{\"patience\":2}", 1.0, 1.1, 0.9, 1.0, 0.95, 0.7).stoppedAt);
    }

    @Test
    void minDeltaMustBeBeatenInMinMode() {
        // 0.95 < 1.0 - 0.1 is false: not an improvement; 0.85 is.
        assertEquals(2, run("{\"patience\":2,\"minDelta\":0.1}", 1.0, 0.95, 0.92).stoppedAt);
        assertEquals(-1, run("{\"patience\":2,\"minDelta\":0.1}", 1.0, 0.95, 0.85).stoppedAt);
        // The sign of minDelta does not matter (Lightning takes its magnitude).
        assertEquals(2, run("{\"patience\":2,\"minDelta\":-0.1}", 1.0, 0.95, 0.92).stoppedAt);
    }

    @Test
    void maxModeImprovesUpwards() {
        String es = "{\"monitor\":\"accuracy\",\"mode\":\"max\",\"patience\":2,\"minDelta\":0.01}";
        Policy policy = PolicyParser.builtIn().forRun(Msgs.json("{\"earlyStopping\":" + es + "}"));
        RunState state = new RunState("es");
        EarlyStoppingDetector detector = new EarlyStoppingDetector();
        double[] acc = {0.5, 0.6, 0.605, 0.59};
        int stopped = -1;
        for (int i = 0; i < acc.length && stopped < 0; i++) {
            Findings f = new Findings();
            detector.onEval(state, m.eval(10L * (i + 1), 9.0, Map.of("accuracy", acc[i])), policy, f);
            stopped = f.proposal() != null ? i : -1;
        }
        assertEquals(3, stopped, "0.605 is not > 0.6 + 0.01, 0.59 neither: two waits");
        assertEquals(0.6, state.esBest);
    }

    @Test
    void stoppingThresholdStopsAsSuccess() {
        Result r = run("{\"stoppingThreshold\":0.5}", 1.0, 0.7, 0.49);
        assertEquals(2, r.stoppedAt);
        assertTrue(r.proposal.reason().contains("stopping threshold"), r.proposal.reason());
        assertEquals(-1, run("{\"stoppingThreshold\":0.5}", 1.0, 0.7, 0.5).stoppedAt, "strictly below");
    }

    @Test
    void divergenceThresholdStopsWhenWorse() {
        Result r = run("{\"divergenceThreshold\":2.0}", 1.0, 1.5, 2.5);
        assertEquals(2, r.stoppedAt);
        assertTrue(r.proposal.reason().contains("divergence threshold"), r.proposal.reason());
    }

    @Test
    void baselineKeepsCountingUntilBeaten() {
        // Each evaluation improves on the best but not on the baseline 0.5: the wait grows without stopping
        // the run by itself; the next non-improving one then stops it.
        Result r = run("{\"patience\":2,\"baseline\":0.5}", 1.0, 0.9, 0.95);
        assertEquals(2, r.stoppedAt);
        assertEquals(0.9, r.state.esBest);
        // Improvements never stop the run by themselves even past patience.
        assertEquals(-1, run("{\"patience\":2,\"baseline\":0.5}", 1.0, 0.9, 0.8, 0.7).stoppedAt);
        // Beating best and baseline resets the counter.
        assertEquals(-1, run("{\"patience\":2,\"baseline\":0.5}", 1.0, 0.9, 0.4, 0.45).stoppedAt);
    }

    @Test
    void evaluationsBeforeStartFromStepAreIgnored() {
        // Evaluations at steps 10..30 are ignored; from 40 on: best 2.0, then 2.1, 2.2 -> stop at the 6th.
        Result r = run("{\"patience\":2,\"startFromStep\":40}", 0.1, 0.1, 0.1, 2.0, 2.1, 2.2);
        assertEquals(5, r.stoppedAt);
        assertEquals(40, r.state.esBestStep);
    }

    @Test
    void checkFiniteStopsOnNaNUnlessDisabled() {
        Result r = run("{}", 1.0, Double.NaN);
        assertEquals(1, r.stoppedAt);
        assertTrue(r.proposal.reason().contains("NaN"));
        assertEquals(CommandType.STOP, r.proposal.type());
        assertEquals(-1, run("{\"checkFinite\":false,\"patience\":3}", 1.0, Double.NaN, 0.9).stoppedAt);
    }

    @Test
    void disabledNeverStops() {
        assertEquals(-1, run("{\"enabled\":false,\"patience\":1}", 1.0, 2.0, 3.0).stoppedAt);
    }

    @Test
    void stopNamesTheBestCheckpointThroughTheAnalyzer() {
        AnalyzerHarness h = new AnalyzerHarness();
        h.send(h.m.started(400, "{\"earlyStopping\":{\"patience\":2}}"));
        double[] val = {1.5, 1.2, 1.3, 1.4};
        for (int i = 0; i < val.length; i++) {
            long step = 50L * (i + 1);
            h.send(h.m.train(step, 1.0));
            h.send(h.m.eval(step, val[i]));
            h.send(h.m.checkpoint(step));
        }
        assertEquals(1, h.commands.size());
        StopCommand stop = (StopCommand) h.commands.get(0);
        assertEquals("step-100", stop.restoreCheckpointId());
        assertEquals(100L, stop.restoreStep());
        assertEquals("run-1/early-stopping/200", stop.commandId());
        assertEquals(200, stop.atStep());
    }

    @Test
    void noRestoreWithoutRestoreBest() {
        AnalyzerHarness h = new AnalyzerHarness();
        h.send(h.m.started(400, "{\"earlyStopping\":{\"patience\":1,\"restoreBest\":false}}"));
        h.send(h.m.eval(50, 1.0));
        h.send(h.m.checkpoint(50));
        h.send(h.m.eval(100, 1.1));
        StopCommand stop = (StopCommand) h.commands.get(0);
        assertNull(stop.restoreCheckpointId());
    }
}
