package io.runwarden.analyzer.stream;

import io.runwarden.analyzer.detect.Outcome;
import io.runwarden.analyzer.detect.RunAnalyzer;
import io.runwarden.analyzer.state.RunState;
import io.runwarden.protocol.EvalResult;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.RollbackDone;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.RunStarted;
import io.runwarden.protocol.RunCommand;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;

/**
 * Thin adapter from Kafka Streams to {@link RunAnalyzer}: one state record per run in the store, the outcome
 * forwarded to the commands, alerts and run-health sinks. The command is forwarded while processing the very
 * record that fired it. A wall-clock punctuation finds stalled runs and expires old state. Sweep members' events
 * are also forwarded, re-keyed by sweepId, to the sweep analyzer ({@link SweepProcessor}).
 */
public final class RunAnalyzerProcessor implements Processor<String, Object, String, Object> {

    private final RunAnalyzer analyzer;
    private final AnalyzerSettings settings;
    private final TopologyFactory.Names names;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, RunState> store;

    public RunAnalyzerProcessor(RunAnalyzer analyzer, AnalyzerSettings settings, TopologyFactory.Names names) {
        this.analyzer = analyzer;
        this.settings = settings;
        this.names = names;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(names.store());
        context.schedule(settings.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }

    @Override
    public void process(Record<String, Object> record) {
        MetricEvent event = (MetricEvent) record.value();
        Outcome out = analyzer.onMetric(store.get(event.runId()), event, context.currentSystemTimeMs());
        emit(event.runId(), out, record.timestamp());
        store.put(event.runId(), out.state);
        forwardToSweep(event, out.state, record.timestamp());
    }

    /**
     * A sweep member's lifecycle events and evaluations go to the sweep analyzer, keyed by its sweepId (evals do
     * not carry it; the run's state knows it from run-started). An evaluation of a run this analyzer has stopped
     * (now or before) is not forwarded: the sweep decides on a member only at the member's own evaluation, so it
     * never prunes a run that already has a STOP from here.
     */
    private void forwardToSweep(MetricEvent event, RunState state, long timestamp) {
        if (state == null || state.sweepId == null || !(event instanceof RunStarted || event instanceof EvalResult
                || event instanceof RollbackDone || event instanceof RunFinished)) {
            return;
        }
        if (event instanceof EvalResult && !state.running()) {
            return;
        }
        context.forward(new Record<>(state.sweepId, event, timestamp), names.sweepEventsSink());
    }

    private void sweep(long nowMs) {
        List<KeyValue<String, Outcome>> changed = new ArrayList<>();
        try (KeyValueIterator<String, RunState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, RunState> entry = all.next();
                Outcome out = analyzer.onWallClock(entry.value, nowMs);
                if (out.state == null || !out.changedNothing()) {
                    changed.add(KeyValue.pair(entry.key, out));
                }
            }
        }
        for (KeyValue<String, Outcome> c : changed) {
            emit(c.key, c.value, nowMs);
            if (c.value.state == null) {
                store.delete(c.key);
            } else {
                store.put(c.key, c.value.state);
            }
        }
    }

    private void emit(String runId, Outcome out, long timestamp) {
        for (RunCommand command : out.commands) {
            context.forward(new Record<>(runId, command, timestamp), names.commandsSink());
        }
        for (var alert : out.alerts) {
            context.forward(new Record<>(runId, alert, timestamp), names.alertsSink());
        }
        if (out.health != null) {
            context.forward(new Record<>(runId, out.health, timestamp), names.healthSink());
        }
    }
}
