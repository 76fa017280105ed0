package io.runwarden.dashboard.state;

import io.runwarden.protocol.Alert;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.RunCommand;
import io.runwarden.protocol.RunHealth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Every run the dashboard knows, bounded: beyond {@code maxRuns} the run finished longest ago is evicted (or,
 * when none has finished, the one updated longest ago). One lock serialises updates and reads, so a listener that
 * subscribes while holding a snapshot misses nothing in between.
 */
public final class RunRegistry {

    private final int maxRuns;
    private final int recentPoints;
    private final int archiveBuckets;
    private final Map<String, RunState> runs = new LinkedHashMap<>();
    private final List<RunListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> changedSinceDrain = new LinkedHashSet<>();
    private final Set<String> evictedSinceDrain = new LinkedHashSet<>();
    private long evictions;

    public RunRegistry(int maxRuns, int recentPoints, int archiveBuckets) {
        if (maxRuns < 1) {
            throw new IllegalArgumentException("maxRuns must be >= 1");
        }
        this.maxRuns = maxRuns;
        this.recentPoints = recentPoints;
        this.archiveBuckets = archiveBuckets;
    }

    public void addListener(RunListener listener) {
        listeners.add(listener);
    }

    public synchronized void apply(MetricEvent event) {
        update(event.runId(), (state, changes) -> state.apply(event, changes));
    }

    public synchronized void apply(Alert alert) {
        update(alert.runId(), (state, changes) -> state.apply(alert, changes));
    }

    public synchronized void apply(RunHealth health) {
        update(health.runId(), (state, changes) -> state.apply(health, changes));
    }

    public synchronized void apply(RunCommand command) {
        update(command.runId(), (state, changes) -> state.apply(command, changes));
    }

    private interface Update {
        void apply(RunState state, Consumer<RunChange> changes);
    }

    private void update(String runId, Update update) {
        RunState state = runs.get(runId);
        if (state == null) {
            evictIfFull();
            state = new RunState(runId, recentPoints, archiveBuckets);
            runs.put(runId, state);
            evictedSinceDrain.remove(runId);
        }
        update.apply(state, change -> {
            for (RunListener l : listeners) {
                l.onChange(change);
            }
        });
        changedSinceDrain.add(runId);
    }

    private void evictIfFull() {
        while (runs.size() >= maxRuns) {
            Comparator<RunState> finishedFirst = Comparator.comparing((RunState r) -> !r.status().finished())
                    .thenComparingLong(r -> r.finishedAt() != null ? r.finishedAt() : r.updatedAt());
            RunState victim = runs.values().stream().min(finishedFirst).orElseThrow();
            runs.remove(victim.runId());
            changedSinceDrain.remove(victim.runId());
            evictedSinceDrain.add(victim.runId());
            evictions++;
        }
    }

    public synchronized int size() {
        return runs.size();
    }

    public synchronized long evictions() {
        return evictions;
    }

    public synchronized Optional<RunDetail> detail(String runId) {
        return Optional.ofNullable(runs.get(runId)).map(RunState::detail);
    }

    public synchronized Optional<RunSummary> summary(String runId) {
        return Optional.ofNullable(runs.get(runId)).map(RunState::summary);
    }

    /** Runs a read of one run's state under the lock; empty when the run is unknown. */
    public synchronized <T> Optional<T> read(String runId, Function<RunState, T> reader) {
        return Optional.ofNullable(runs.get(runId)).map(reader);
    }

    /** Runs something under the registry's lock (a snapshot plus a subscription, atomically). */
    public synchronized <T> T locked(java.util.function.Supplier<T> action) {
        return action.get();
    }

    public synchronized List<RunSummary> summaries() {
        List<RunSummary> out = new ArrayList<>(runs.size());
        for (RunState r : runs.values()) {
            out.add(r.summary());
        }
        return out;
    }

    public RunPage query(RunQuery query) {
        List<RunSummary> matching = summaries().stream().filter(query::matches).sorted(query.comparator()).toList();
        int from = Math.min(matching.size(), query.page() * query.size());
        int to = Math.min(matching.size(), from + query.size());
        return new RunPage(matching.subList(from, to), query.page(), query.size(), matching.size());
    }

    /** The sweep computed from its member runs (those whose run-started named it); empty when none is known. */
    public synchronized Optional<io.runwarden.protocol.sweep.SweepSummary> sweep(String sweepId) {
        List<SweepMemberFacts> members = new ArrayList<>();
        for (RunState r : runs.values()) {
            if (sweepId.equals(r.sweepId())) {
                members.add(r.sweepFacts());
            }
        }
        return members.isEmpty() ? Optional.empty() : Optional.of(SweepSummarizer.summarize(sweepId, members));
    }

    /** Every sweep with at least one known member, the one updated last first. */
    public synchronized List<SweepListItem> sweeps() {
        Map<String, List<SweepMemberFacts>> bySweep = new LinkedHashMap<>();
        Map<String, Long> updated = new LinkedHashMap<>();
        for (RunState r : runs.values()) {
            if (r.sweepId() != null) {
                bySweep.computeIfAbsent(r.sweepId(), k -> new ArrayList<>()).add(r.sweepFacts());
                updated.merge(r.sweepId(), r.updatedAt(), Math::max);
            }
        }
        List<SweepListItem> out = new ArrayList<>();
        bySweep.forEach((id, members) -> out.add(SweepListItem.of(SweepSummarizer.summarize(id, members),
                updated.get(id))));
        out.sort(Comparator.comparingLong(SweepListItem::updatedAt).reversed()
                .thenComparing(SweepListItem::sweepId));
        return out;
    }

    /** The run ids of a sweep's members. */
    public synchronized List<String> sweepMemberIds(String sweepId) {
        List<String> ids = new ArrayList<>();
        for (RunState r : runs.values()) {
            if (sweepId.equals(r.sweepId())) {
                ids.add(r.runId());
            }
        }
        return ids;
    }

    /** Summaries of the runs changed, and the ids of the runs evicted, since the last call. */
    public synchronized SummaryChanges drainChanges() {
        List<RunSummary> changed = new ArrayList<>(changedSinceDrain.size());
        for (String id : changedSinceDrain) {
            RunState r = runs.get(id);
            if (r != null) {
                changed.add(r.summary());
            }
        }
        SummaryChanges out = new SummaryChanges(changed, List.copyOf(evictedSinceDrain));
        changedSinceDrain.clear();
        evictedSinceDrain.clear();
        return out;
    }

    /** Changed run summaries and evicted run ids, for the all-runs live stream. */
    public record SummaryChanges(List<RunSummary> changed, List<String> evicted) {

        public boolean isEmpty() {
            return changed.isEmpty() && evicted.isEmpty();
        }
    }

    /** A run's series, clipped to [from, to] and reduced to about maxPoints. */
    public Optional<SeriesView> series(String runId, Metric metric, Long from, Long to, int maxPoints) {
        return read(runId, state -> {
            MetricSeries s = state.series(metric);
            return new Object[] {s.points(), s.storedPoints()};
        }).map(pair -> {
            @SuppressWarnings("unchecked")
            List<SeriesPoint> points = (List<SeriesPoint>) pair[0];
            List<SeriesPoint> clipped = points.stream()
                    .filter(p -> (from == null || p.step() >= from) && (to == null || p.step() <= to)).toList();
            return SeriesView.of(metric.wireName(), Downsampler.minMax(clipped, maxPoints), (Integer) pair[1]);
        });
    }
}
