package io.runwarden.dashboard;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Every {@code runwarden.dashboard.*} key; the README's dashboard section documents them with their defaults. */
@ConfigMapping(prefix = "runwarden.dashboard")
public interface DashboardConfig {

    /** Runs kept in memory; beyond it the run finished longest ago is evicted. */
    @WithDefault("1000")
    int maxRuns();

    History history();

    Api api();

    Sse sse();

    Auth auth();

    interface History {
        /** Newest points per series kept at full resolution. */
        @WithDefault("1000")
        int recentPoints();

        /** Min/max buckets per series for everything older. */
        @WithDefault("500")
        int archiveBuckets();
    }

    interface Api {
        @WithDefault("50")
        int defaultPageSize();

        /** Larger page sizes are refused with 400. */
        @WithDefault("500")
        int maxPageSize();

        /** Points per series when a request names no maxPoints. */
        @WithDefault("1000")
        int defaultSeriesPoints();

        @WithDefault("10000")
        int maxSeriesPoints();
    }

    interface Sse {
        /** Open streams per caller (user, or client address when anonymous); beyond it: 429. */
        @WithDefault("16")
        int maxClientsPerCaller();

        /** How often the all-runs stream sends the summaries that changed. */
        @WithDefault("250ms")
        Duration summaryInterval();

        /** Events buffered for a slow client before its stream is closed. */
        @WithDefault("10000")
        int clientBuffer();
    }

    interface Auth {
        /** Whether reads (GET) work without credentials. */
        @WithDefault("true")
        boolean openReads();

        /** Static bearer tokens for local use: {@code token=user:role[|role],...}. */
        Optional<String> tokens();
    }
}
