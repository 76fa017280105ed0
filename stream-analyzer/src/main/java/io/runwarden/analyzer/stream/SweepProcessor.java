package io.runwarden.analyzer.stream;

import io.runwarden.analyzer.policy.InvalidPolicyException;
import io.runwarden.analyzer.policy.PolicyResolver;
import io.runwarden.analyzer.sweep.SweepDecision;
import io.runwarden.analyzer.sweep.SweepState;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.RunStarted;
import io.runwarden.protocol.codec.ProtocolCodec;
import io.runwarden.protocol.sweep.SweepPolicy;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Thin adapter from Kafka Streams to {@link SweepState}: sweep members' events arrive keyed by sweepId, one
 * state per sweep lives in the store, and a prune decision becomes a STOP on {@code runwarden.commands} keyed by
 * the pruned member's runId (deterministic command id) plus its alert. The sweep's pruning policy is the
 * {@code sweep} section of the policy of the member whose event opens the sweep's state (normally its first
 * run-started; every member of a sweep carries the same one), merged like any run policy over the analyzer's
 * default; an invalid one falls back to the default (the run analyzer already alerts about it). A record that does
 * not decode goes to the topic's dead-letter topic with the error headers of {@link MetricsDecoder}.
 */
public final class SweepProcessor implements Processor<String, byte[], String, Object> {

    /** Expiry reads every sweep state (tens of KiB each): at most once a minute. */
    static final Duration MIN_EXPIRY_INTERVAL = Duration.ofMinutes(1);

    private final PolicyResolver policies;
    private final AnalyzerSettings settings;
    private final TopologyFactory.Names names;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, SweepState> store;

    public SweepProcessor(PolicyResolver policies, AnalyzerSettings settings, TopologyFactory.Names names) {
        this.policies = policies;
        this.settings = settings;
        this.names = names;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(names.sweepStore());
        Duration interval = settings.punctuateInterval().compareTo(MIN_EXPIRY_INTERVAL) > 0
                ? settings.punctuateInterval() : MIN_EXPIRY_INTERVAL;
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    /**
     * Forgets a sweep {@code state-ttl} after its last event once every member has ended, and any sweep silent for
     * {@code idle-ttl} (like the run states).
     */
    private void expire(long nowMs) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, SweepState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, SweepState> entry = all.next();
                long idle = nowMs - entry.value.lastEventWallMs();
                if ((entry.value.allMembersEnded() && idle > settings.stateTtl().toMillis())
                        || idle > settings.idleTtl().toMillis()) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(store::delete);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String sweepId = record.key();
        MetricEvent event;
        try {
            if (sweepId == null || record.value() == null) {
                throw new IllegalArgumentException("record without sweepId key or value");
            }
            event = ProtocolCodec.decodeMetric(record.value());
        } catch (RuntimeException e) {
            // Only this topology writes the topic, but a bad record must not stop the analyzer.
            deadLetter(record, e);
            return;
        }
        SweepState state = store.get(sweepId);
        if (state == null) {
            state = SweepState.create(sweepId, policyOf(event));
        }
        List<SweepDecision> decisions = state.onEvent(event);
        state.touch(context.currentSystemTimeMs());
        store.put(sweepId, state);
        decisions.forEach(d -> {
            context.forward(new Record<>(d.runId(), d.toStopCommand(context.currentSystemTimeMs()),
                    record.timestamp()), names.sweepCommandsSink());
            context.forward(new Record<>(d.runId(), d.toAlert(), record.timestamp()), names.sweepAlertsSink());
        });
    }

    private void deadLetter(Record<String, byte[]> record, RuntimeException error) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(MetricsDecoder.HEADER_EXCEPTION, utf8(error.getClass().getName()));
        headers.add(MetricsDecoder.HEADER_MESSAGE, utf8(String.valueOf(error.getMessage())));
        context.recordMetadata().ifPresent(meta -> {
            headers.add(MetricsDecoder.HEADER_TOPIC, utf8(meta.topic()));
            headers.add(MetricsDecoder.HEADER_PARTITION, utf8(Integer.toString(meta.partition())));
            headers.add(MetricsDecoder.HEADER_OFFSET, utf8(Long.toString(meta.offset())));
        });
        context.forward(new Record<String, Object>(record.key(), record.value(), record.timestamp(), headers),
                names.sweepDeadLetterSink());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private SweepPolicy policyOf(MetricEvent event) {
        if (event instanceof RunStarted started) {
            try {
                return policies.forRun(started.policy()).sweep();
            } catch (InvalidPolicyException e) {
                return policies.defaults().sweep();
            }
        }
        return policies.defaults().sweep();
    }
}
