package io.runwarden.dashboard.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.runwarden.dashboard.DashboardConfig;
import io.runwarden.dashboard.state.Metric;
import io.runwarden.dashboard.state.RunChange;
import io.runwarden.dashboard.state.RunRegistry;
import io.runwarden.dashboard.state.SeriesView;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fans run changes out to the open SSE streams. A stream subscribes while holding the registry's lock and
 * receives its snapshot first, so nothing between the snapshot and the live updates is lost. Per-run streams
 * get every change at once; the all-runs stream gets the changed summaries in batches every
 * {@code summary-interval} (a thousand runs updating would otherwise flood every table). No thread per client:
 * emitters only, with a bounded buffer that closes a client too slow to keep up.
 */
@ApplicationScoped
public class LiveHub {

    private final RunRegistry registry;
    private final ObjectMapper mapper;
    private final DashboardConfig config;
    private final Vertx vertx;
    private final Map<String, Set<MultiEmitter<? super String>>> perRun = new ConcurrentHashMap<>();
    private final Set<MultiEmitter<? super String>> allRuns = ConcurrentHashMap.newKeySet();
    private final SseLimiter limiter;
    private long timerId = -1;

    public LiveHub(RunRegistry registry, DashboardConfig config, Vertx vertx, MeterRegistry meters,
                   ObjectMapper mapper) {
        this.registry = registry;
        this.mapper = mapper;
        this.config = config;
        this.vertx = vertx;
        this.limiter = new SseLimiter(config.sse().maxClientsPerCaller());
        meters.gauge("runwarden.dashboard.sse.clients", limiter, SseLimiter::total);
        meters.gauge("runwarden.dashboard.runs", registry, RunRegistry::size);
    }

    @PostConstruct
    void start() {
        registry.addListener(this::onChange);
        timerId = vertx.setPeriodic(Math.max(10, config.sse().summaryInterval().toMillis()), id -> publishSummaries());
    }

    @PreDestroy
    void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** Serialised once per event, not once per client: a thousand runs' summaries are sent to every client. */
    private String json(LiveEvent event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a live event", e);
        }
    }

    public SseLimiter limiter() {
        return limiter;
    }

    private void onChange(RunChange change) {
        Set<MultiEmitter<? super String>> clients = perRun.get(change.runId());
        if (clients == null || clients.isEmpty()) {
            return;
        }
        String event = json(new LiveEvent(change.type(), change.runId(), change.step(), change.ts(),
                change.data()));
        for (MultiEmitter<? super String> client : clients) {
            client.emit(event);
        }
    }

    private void publishSummaries() {
        RunRegistry.SummaryChanges changes = registry.drainChanges();
        if (changes.isEmpty() || allRuns.isEmpty()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("runs", changes.changed());
        data.put("evicted", changes.evicted());
        String event = json(new LiveEvent("runs", null, null, System.currentTimeMillis(), data));
        for (MultiEmitter<? super String> client : allRuns) {
            client.emit(event);
        }
    }

    /** The all-runs stream: a snapshot of every summary, then batches of changed summaries. */
    public Multi<String> allRuns(String caller) {
        return limited(caller, Multi.createFrom().<String>emitter(emitter -> registry.locked(() -> {
            emitter.emit(json(new LiveEvent("snapshot", null, null, System.currentTimeMillis(),
                    Map.of("runs", registry.summaries()))));
            allRuns.add(emitter);
            emitter.onTermination(() -> allRuns.remove(emitter));
            return null;
        }), config.sse().clientBuffer()));
    }

    /** One run's stream: its full state and series first, then every change. Empty when the run is unknown. */
    public Optional<Multi<String>> run(String runId, String caller, int seriesPoints) {
        if (registry.summary(runId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(limited(caller, Multi.createFrom().<String>emitter(emitter -> registry.locked(() -> {
            Map<String, Object> snapshot = new LinkedHashMap<>();
            snapshot.put("run", registry.detail(runId).orElse(null));
            Map<String, SeriesView> series = new LinkedHashMap<>();
            for (Metric m : Metric.values()) {
                registry.series(runId, m, null, null, seriesPoints).ifPresent(v -> series.put(m.wireName(), v));
            }
            snapshot.put("series", series);
            emitter.emit(json(new LiveEvent("snapshot", runId, null, System.currentTimeMillis(), snapshot)));
            Set<MultiEmitter<? super String>> clients = perRun.computeIfAbsent(runId,
                    k -> ConcurrentHashMap.newKeySet());
            clients.add(emitter);
            emitter.onTermination(() -> {
                clients.remove(emitter);
                perRun.computeIfPresent(runId, (k, set) -> set.isEmpty() ? null : set);
            });
            return null;
        }), config.sse().clientBuffer())));
    }

    private Multi<String> limited(String caller, Multi<String> stream) {
        if (!limiter.tryAcquire(caller)) {
            throw new TooManyStreamsException(caller, config.sse().maxClientsPerCaller());
        }
        return stream.onTermination().invoke(() -> limiter.release(caller));
    }

    /** The caller already holds the maximum of open streams. */
    public static final class TooManyStreamsException extends RuntimeException {
        public TooManyStreamsException(String caller, int max) {
            super("at most " + max + " open streams per caller; " + caller + " holds that many");
        }
    }
}
