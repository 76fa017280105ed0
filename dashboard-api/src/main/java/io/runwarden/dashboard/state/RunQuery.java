package io.runwarden.dashboard.state;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Filters, sorting and a page of the run list. {@code sort} is a field name, prefixed with {@code -} for
 * descending order; runs without a value for the field come last either way.
 */
public record RunQuery(Set<RunStatus> statuses, String health, String sweepId, String sort, int page, int size) {

    private static final Map<String, Function<RunSummary, Comparable<?>>> SORT_KEYS = Map.of(
            "runId", RunSummary::runId,
            "status", s -> s.status().wireName(),
            "step", RunSummary::step,
            "progress", RunSummary::progress,
            "loss", s -> finiteOrNull(s.loss()),
            "bestValLoss", RunSummary::bestValLoss,
            "lastValLoss", s -> finiteOrNull(s.lastValLoss()),
            "startedAt", RunSummary::startedAt,
            "updatedAt", RunSummary::updatedAt);

    public static Set<String> sortFields() {
        return SORT_KEYS.keySet();
    }

    public static boolean validSort(String sort) {
        return sort == null || SORT_KEYS.containsKey(sort.startsWith("-") ? sort.substring(1) : sort);
    }

    boolean matches(RunSummary s) {
        return (statuses == null || statuses.isEmpty() || statuses.contains(s.status()))
                && (health == null || health.equals(s.health()))
                && (sweepId == null || sweepId.equals(s.sweepId()));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Comparator<RunSummary> comparator() {
        String field = sort == null ? "-updatedAt" : sort;
        boolean descending = field.startsWith("-");
        Function<RunSummary, Comparable<?>> key = SORT_KEYS.get(descending ? field.substring(1) : field);
        Comparator<Comparable> values = descending ? Comparator.<Comparable>reverseOrder()
                : Comparator.<Comparable>naturalOrder();
        Comparator<RunSummary> byKey = Comparator.comparing(s -> (Comparable) key.apply(s),
                Comparator.nullsLast(values));
        return byKey.thenComparing(RunSummary::runId);
    }

    private static Double finiteOrNull(Double v) {
        return v == null || !Double.isFinite(v) ? null : v;
    }
}
