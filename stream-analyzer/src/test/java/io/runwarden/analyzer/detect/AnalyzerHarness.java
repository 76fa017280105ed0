package io.runwarden.analyzer.detect;

import io.runwarden.analyzer.Msgs;
import io.runwarden.analyzer.policy.PolicyParser;
import io.runwarden.analyzer.policy.PolicyResolver;
import io.runwarden.analyzer.state.RunState;
import io.runwarden.protocol.Alert;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.RunCommand;
import io.runwarden.protocol.RunHealth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Drives a {@link RunAnalyzer} over hand-written messages of one run and keeps everything it produced. */
final class AnalyzerHarness {

    final RunAnalyzer analyzer;
    final Msgs m;
    RunState state;
    final List<RunCommand> commands = new ArrayList<>();
    final List<Alert> alerts = new ArrayList<>();
    final List<RunHealth> health = new ArrayList<>();
    Outcome last;

    AnalyzerHarness(String globalPolicyJson) {
        PolicyParser parser = globalPolicyJson == null ? PolicyParser.builtIn()
                : PolicyParser.withGlobal(Msgs.json(globalPolicyJson));
        analyzer = new RunAnalyzer(new PolicyResolver(parser), Duration.ofHours(1), Duration.ofHours(24));
        m = new Msgs("run-1");
    }

    AnalyzerHarness() {
        this(null);
    }

    Outcome send(MetricEvent e) {
        last = analyzer.onMetric(state, e, e.ts());
        record(last);
        return last;
    }

    Outcome tick(long nowMs) {
        last = analyzer.onWallClock(state, nowMs);
        record(last);
        return last;
    }

    private void record(Outcome out) {
        state = out.state;
        commands.addAll(out.commands);
        alerts.addAll(out.alerts);
        if (out.health != null) {
            health.add(out.health);
        }
    }

    /** Steady training: loss decreasing slowly with small deterministic noise, steps from..to inclusive. */
    void steady(long from, long to, double start) {
        for (long s = from; s <= to; s++) {
            send(m.train(s, start - 0.001 * s + ((s % 3) - 1) * 0.01));
        }
    }

    List<Alert> alerts(String rule) {
        return alerts.stream().filter(a -> a.rule().equals(rule)).toList();
    }
}
