package io.runwarden.deploy;

import java.util.List;

/** The deployable entry points under k8s/ and the shared conventions they must follow (COMMON conventions). */
final class Overlays {

    static final String DEV = "k8s/overlays/dev";
    static final String GPU_POOL = "k8s/overlays/gpu-pool";
    static final String EXTERNAL_KAFKA = "k8s/overlays/external-kafka";
    static final String SINGLE_RUN_JOB = "k8s/jobs/single-run";

    /** Everything that runs Runwarden's pods. */
    static final List<String> WITH_WORKLOADS = List.of(DEV, GPU_POOL, EXTERNAL_KAFKA, SINGLE_RUN_JOB);
    /** Overlays that bring their own Strimzi Kafka. */
    static final List<String> WITH_STRIMZI = List.of(DEV, GPU_POOL);

    static final String ANALYZER = "stream-analyzer";
    static final String DASHBOARD = "dashboard-api";
    static final String AGENT = "trainer-agent";

    static final String AGENT_WORK_DIR_ENV = "RUNWARDEN_AGENT_WORK_DIR";
    static final String CLUSTER_CA_SECRET = "runwarden-cluster-ca-cert";
    static final String KAFKA_CONFIG_MAP = "runwarden-kafka";

    private Overlays() {
    }

    /** HTTP port of each service (quarkus.http.port conventions). */
    static int httpPort(String app) {
        return switch (app) {
            case DASHBOARD -> 8080;
            case ANALYZER -> 8082;
            case AGENT -> 8083;
            default -> throw new IllegalArgumentException("unknown app " + app);
        };
    }

    /** The KafkaUser (and credentials Secret) of each service. */
    static String kafkaUser(String app) {
        return switch (app) {
            case DASHBOARD -> "runwarden-dashboard";
            case ANALYZER -> "runwarden-analyzer";
            case AGENT -> "runwarden-agent";
            default -> throw new IllegalArgumentException("unknown app " + app);
        };
    }
}
