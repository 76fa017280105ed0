package io.runwarden.protocol;

import java.util.List;

/**
 * The one place where topic names and their defaults live. Every service, the embedded broker and the
 * Kubernetes manifests' tests read them from here.
 */
public final class Topics {

    /** Agents → analyzer, dashboard: one message per optimizer step and lifecycle event. Key = runId. */
    public static final String METRICS = "runwarden.metrics";
    /** Analyzer, dashboard → agents: STOP and ROLLBACK. Key = runId. */
    public static final String COMMANDS = "runwarden.commands";
    /** Analyzer → dashboard: what a detector saw, with its evidence. Key = runId. */
    public static final String ALERTS = "runwarden.alerts";
    /** Analyzer → dashboard: per-run verdict, compacted so the latest verdict per run is always retained. */
    public static final String RUN_HEALTH = "runwarden.run-health";
    /** Dashboard → agent pool: run specs to execute. Key = runId. */
    public static final String RUN_REQUESTS = "runwarden.run-requests";

    /** Suffix of a topic's dead-letter topic: undecodable records go there with the error. */
    public static final String DLQ_SUFFIX = ".dlq";

    /** Default partition count for locally created topics; runs spread over partitions by key. */
    public static final int DEFAULT_PARTITIONS = 6;

    private Topics() {
    }

    public static String deadLetter(String topic) {
        return topic + DLQ_SUFFIX;
    }

    /** Topics of the protocol, without dead-letter topics. */
    public static List<String> protocolTopics() {
        return List.of(METRICS, COMMANDS, ALERTS, RUN_HEALTH, RUN_REQUESTS);
    }

    /** Protocol topics followed by the dead-letter topics of every consumed topic. */
    public static List<String> allTopics() {
        return List.of(METRICS, COMMANDS, ALERTS, RUN_HEALTH, RUN_REQUESTS,
                deadLetter(METRICS), deadLetter(COMMANDS), deadLetter(ALERTS), deadLetter(RUN_HEALTH),
                deadLetter(RUN_REQUESTS));
    }

    /** Whether the topic keeps only the latest value per key. */
    public static boolean isCompacted(String topic) {
        return RUN_HEALTH.equals(topic);
    }
}
