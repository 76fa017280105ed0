package io.runwarden.dashboard.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts consumed and dead-lettered records per topic ({@code runwarden_dashboard_*} at /q/metrics). */
@ApplicationScoped
public class ConsumerMetrics {

    private final MeterRegistry meters;
    private final Map<String, Counter> consumed = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();

    public ConsumerMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void consumed(String topic) {
        consumed.computeIfAbsent(topic, t -> meters.counter("runwarden.dashboard.records.consumed", "topic", t))
                .increment();
    }

    void deadLettered(String topic) {
        deadLettered.computeIfAbsent(topic, t -> meters.counter("runwarden.dashboard.dlq.records", "topic", t))
                .increment();
    }

    public double deadLetteredCount(String topic) {
        Counter c = deadLettered.get(topic);
        return c == null ? 0 : c.count();
    }
}
