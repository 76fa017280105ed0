package io.runwarden.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.runwarden.protocol.Topics;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The Strimzi Kafka: KRaft with node pools, a KafkaTopic for every protocol topic, an analyzer that fits. */
class KafkaTopicsTest {

    static final List<String> overlays = Overlays.WITH_STRIMZI;

    static Manifests.Manifest topic(Manifests manifests, String topicName) {
        return manifests.ofKind("KafkaTopic").stream()
                .filter(t -> topicName.equals(t.spec().path("topicName").asText(t.name())))
                .findFirst().orElseThrow(() -> new AssertionError(manifests.source() + ": no KafkaTopic " + topicName));
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void everyProtocolTopicHasAKafkaTopicAndNothingElseDoes(String overlay) {
        Manifests manifests = Kustomize.build(overlay);
        Set<String> declared = manifests.ofKind("KafkaTopic").stream()
                .map(t -> t.spec().path("topicName").asText(t.name())).collect(Collectors.toSet());
        assertEquals(Set.copyOf(Topics.allTopics()), declared, overlay);
        for (Manifests.Manifest t : manifests.ofKind("KafkaTopic")) {
            assertEquals("kafka.strimzi.io/v1beta2", t.object().getApiVersion());
            assertEquals("runwarden", t.object().getMetadata().getLabels().get("strimzi.io/cluster"), t.name());
        }
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void runHealthIsCompactedAndTheOthersExpire(String overlay) {
        Manifests manifests = Kustomize.build(overlay);
        int brokers = brokerReplicas(manifests);
        for (String name : Topics.allTopics()) {
            JsonNode spec = topic(manifests, name).spec();
            String policy = spec.path("config").path("cleanup.policy").asText();
            if (Topics.isCompacted(name)) {
                assertEquals("compact", policy, name);
            } else {
                assertEquals("delete", policy, name);
                assertTrue(spec.path("config").path("retention.ms").asLong() > 0, name + " retention.ms");
            }
            assertEquals(Topics.DEFAULT_PARTITIONS, spec.path("partitions").asInt(), name + " partitions");
            int replicas = spec.path("replicas").asInt();
            assertTrue(replicas >= 1 && replicas <= brokers, name + " replicas " + replicas + " <= brokers " + brokers);
            int minIsr = spec.path("config").path("min.insync.replicas").asInt(1);
            assertTrue(minIsr <= replicas, name + " min.insync.replicas " + minIsr + " <= replicas " + replicas);
        }
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void kafkaRunsInKraftModeWithControllerAndBrokerNodePools(String overlay) {
        Manifests manifests = Kustomize.build(overlay);
        Manifests.Manifest kafka = manifests.get("Kafka", "runwarden");
        assertEquals("enabled", kafka.object().getMetadata().getAnnotations().get("strimzi.io/kraft"));
        assertEquals("enabled", kafka.object().getMetadata().getAnnotations().get("strimzi.io/node-pools"));
        Set<String> roles = manifests.ofKind("KafkaNodePool").stream()
                .peek(p -> assertEquals("runwarden", p.object().getMetadata().getLabels().get("strimzi.io/cluster")))
                .flatMap(p -> StreamSupport.stream(p.spec().path("roles").spliterator(), false))
                .map(JsonNode::asText).collect(Collectors.toSet());
        assertEquals(Set.of("controller", "broker"), roles, overlay);
        JsonNode listener = kafka.spec().path("kafka").path("listeners").get(0);
        assertTrue(listener.path("tls").asBoolean(), "TLS listener");
        assertTrue(Set.of("scram-sha-512", "tls").contains(listener.path("authentication").path("type").asText()),
                "authenticated listener");
        assertEquals(9093, listener.path("port").asInt());
        assertEquals("simple", kafka.spec().path("kafka").path("authorization").path("type").asText(), "ACLs enforced");
        assertTrue(manifests.configMapData(Overlays.KAFKA_CONFIG_MAP).get("KAFKA_BOOTSTRAP_SERVERS")
                .startsWith("runwarden-kafka-bootstrap:9093"), "services use the Strimzi bootstrap service");
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void theAnalyzerIsAStatefulSetWithStandbysAndNoMoreReplicasThanPartitions(String overlay) {
        Manifests manifests = Kustomize.build(overlay);
        Manifests.Workload analyzer = manifests.workload("StatefulSet", Overlays.ANALYZER);
        StatefulSet set = (StatefulSet) analyzer.manifest().object();
        int partitions = topic(manifests, Topics.METRICS).spec().path("partitions").asInt();
        assertTrue(set.getSpec().getReplicas() >= 1 && set.getSpec().getReplicas() <= partitions,
                "analyzer replicas " + set.getSpec().getReplicas() + " <= partitions " + partitions);
        var container = analyzer.template().getSpec().getContainers().get(0);
        assertEquals("1", WorkloadHardeningTest.env(container, "KAFKA_STREAMS_NUM_STANDBY_REPLICAS").orElseThrow().getValue());
        String stateDir = WorkloadHardeningTest.env(container, "KAFKA_STREAMS_STATE_DIR").orElseThrow().getValue();
        String stateVolume = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(stateDir))
                .findFirst().orElseThrow(() -> new AssertionError("state dir mounted")).getName();
        assertTrue(set.getSpec().getVolumeClaimTemplates().stream()
                .anyMatch(t -> t.getMetadata().getName().equals(stateVolume)), "RocksDB state on a per-pod PVC");
        var service = manifests.typed(io.fabric8.kubernetes.api.model.Service.class, set.getSpec().getServiceName());
        assertEquals("None", service.getSpec().getClusterIP(), "headless service");
    }

    private static int brokerReplicas(Manifests manifests) {
        return manifests.ofKind("KafkaNodePool").stream()
                .filter(p -> StreamSupport.stream(p.spec().path("roles").spliterator(), false)
                        .anyMatch(r -> r.asText().equals("broker")))
                .mapToInt(p -> p.spec().path("replicas").asInt()).sum();
    }
}
