package io.runwarden.analyzer.stream;

import io.runwarden.analyzer.Msgs;
import io.runwarden.analyzer.detect.Outcome;
import io.runwarden.analyzer.detect.RunAnalyzer;
import io.runwarden.analyzer.policy.PolicyParser;
import io.runwarden.analyzer.policy.PolicyResolver;
import io.runwarden.analyzer.state.RunPhase;
import io.runwarden.analyzer.state.RunState;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.codec.ProtocolJson;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RunStateSerdeTest {

    private static String json(RunState s) throws Exception {
        return ProtocolJson.mapper().writeValueAsString(s);
    }

    @Test
    void everyFieldSurvivesTheBinaryRoundTrip() throws Exception {
        RunAnalyzer analyzer = new RunAnalyzer(new PolicyResolver(PolicyParser.builtIn()), Duration.ofHours(1),
                Duration.ofHours(1));
        Msgs m = new Msgs("serde");
        List<MetricEvent> events = new ArrayList<>();
        events.add(m.started(100, "{\"earlyStopping\":{\"patience\":9}}"));
        for (long s = 1; s <= 70; s++) {
            events.add(m.train(s, 2.0 - 0.01 * s));
        }
        events.add(m.checkpoint(50));
        events.add(m.eval(50, 1.5));
        events.add(m.eval(60, 1.6));
        events.add(m.train(71, 9.0, 80.0));
        RunState state = null;
        for (MetricEvent e : events) {
            Outcome out = analyzer.onMetric(state, e, e.ts());
            state = out.state;
        }
        // Values no message sequence above sets, so that every field is non-default.
        state.sweepId = "sweep-1";
        state.lost = true;
        state.endedWallMs = 42;
        state.pendingRollbackId = "serde/x/1";
        state.phase = RunPhase.STOPPED;
        state.divergenceAlerted = true;
        state.memorizationAlerted = true;
        state.rollbacksUsed = 1;
        RunState back = RunStateSerde.read(RunStateSerde.write(state));
        assertEquals(json(state), json(back));
        assertEquals(state.reasons, back.reasons);
    }

    @Test
    void readsJsonWrittenStateAndNulls() throws Exception {
        RunState s = new RunState("old");
        s.totalSteps = 7;
        RunState back = RunStateSerde.read(ProtocolJson.mapper().writeValueAsBytes(s));
        assertEquals(json(s), json(back));
        RunState empty = RunStateSerde.read(RunStateSerde.write(new RunState("n")));
        assertNull(empty.policy);
        assertEquals(json(new RunState("n")), json(empty));
    }
}
