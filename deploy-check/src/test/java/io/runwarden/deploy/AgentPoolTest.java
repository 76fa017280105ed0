package io.runwarden.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.runwarden.protocol.RunSpec;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.codec.ProtocolCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trainer agents: GPU placement only in gpu-pool, the shared checkpoint volume, KEDA, the Job template. */
class AgentPoolTest {

    private static final String GPU = "nvidia.com/gpu";

    private static Manifests.Workload pool(String overlay) {
        return Kustomize.build(overlay).workload("Deployment", Overlays.AGENT);
    }

    private static Container agent(Manifests.Workload w) {
        return w.template().getSpec().getContainers().get(0);
    }

    @Test
    void gpuPoolAgentsGetOneGpuOnTheTaintedGpuNodes() {
        Manifests.Workload w = pool(Overlays.GPU_POOL);
        Container c = agent(w);
        assertEquals(new Quantity("1"), c.getResources().getLimits().get(GPU), "one GPU per agent (limit)");
        PodSpec pod = w.template().getSpec();
        assertFalse(pod.getNodeSelector() == null || pod.getNodeSelector().isEmpty(), "a GPU node selector");
        assertTrue(pod.getNodeSelector().keySet().stream().anyMatch(k -> k.contains("nvidia.com/gpu")
                || k.contains("accelerator")), "selects GPU nodes: " + pod.getNodeSelector());
        Toleration toleration = pod.getTolerations().stream().filter(t -> GPU.equals(t.getKey())).findFirst()
                .orElseThrow(() -> new AssertionError("tolerates the " + GPU + " taint"));
        assertEquals("NoSchedule", toleration.getEffect());
        assertTrue(c.getImage().startsWith("runwarden/trainer-agent-gpu:"), "the CUDA image: " + c.getImage());
    }

    @Test
    void devAgentsUseNoGpuAtAll() {
        Manifests dev = Kustomize.build(Overlays.DEV);
        for (Manifests.Workload w : dev.workloads()) {
            PodSpec pod = w.template().getSpec();
            for (Container c : pod.getContainers()) {
                assertFalse(c.getResources().getLimits().containsKey(GPU), w.name() + " GPU limit in dev");
                assertFalse(c.getResources().getRequests().containsKey(GPU), w.name() + " GPU request in dev");
                assertFalse(c.getImage().contains("-gpu"), w.name() + " image " + c.getImage());
            }
            assertTrue(pod.getNodeSelector() == null || pod.getNodeSelector().isEmpty(), w.name() + " node selector");
            assertTrue(pod.getTolerations().isEmpty(), w.name() + " tolerations");
        }
        assertTrue(dev.ofKind("ScaledObject").isEmpty(), "no KEDA in dev");
    }

    @Test
    void devRunsOneReplicaOfEachService() {
        Manifests dev = Kustomize.build(Overlays.DEV);
        for (Deployment d : dev.typed(Deployment.class)) {
            assertEquals(1, d.getSpec().getReplicas(), d.getMetadata().getName());
        }
        for (StatefulSet s : dev.typed(StatefulSet.class)) {
            assertEquals(1, s.getSpec().getReplicas(), s.getMetadata().getName());
        }
        for (Manifests.Manifest pool : dev.ofKind("KafkaNodePool")) {
            assertEquals(1, pool.spec().path("replicas").asInt(), pool.name());
        }
    }

    @Test
    void thePoolRunsInPoolModeWithItsWorkDirOnTheSharedReadWriteManyVolume() {
        for (String overlay : List.of(Overlays.GPU_POOL, Overlays.EXTERNAL_KAFKA, Overlays.DEV)) {
            Manifests manifests = Kustomize.build(overlay);
            Manifests.Workload w = pool(overlay);
            Container c = agent(w);
            assertEquals("pool", WorkloadHardeningTest.env(c, "RUNWARDEN_AGENT_MODE").orElseThrow().getValue(), overlay);
            String workDir = WorkloadHardeningTest.env(c, Overlays.AGENT_WORK_DIR_ENV).orElseThrow().getValue();
            Volume volume = WorkloadHardeningTest.mountedVolume(w.template().getSpec(), c, workDir)
                    .orElseThrow(() -> new AssertionError(overlay + ": nothing mounted at the work dir " + workDir));
            assertNotNull(volume.getPersistentVolumeClaim(), overlay + ": the work dir is a PVC");
            PersistentVolumeClaim claim = manifests.typed(PersistentVolumeClaim.class,
                    volume.getPersistentVolumeClaim().getClaimName());
            if (!overlay.equals(Overlays.DEV)) { // dev: one agent on a single-node cluster, ReadWriteOnce
                assertEquals(List.of("ReadWriteMany"), claim.getSpec().getAccessModes(),
                        overlay + ": agents on different nodes share checkpoints");
            }
        }
    }

    @Test
    void kedaScalesThePoolOnTheRunRequestBacklogOfItsConsumerGroup() {
        Manifests gpu = Kustomize.build(Overlays.GPU_POOL);
        Manifests.Manifest scaled = gpu.get("ScaledObject", "runwarden-agent-pool");
        assertEquals("keda.sh/v1alpha1", scaled.object().getApiVersion());
        assertEquals(pool(Overlays.GPU_POOL).name(), scaled.spec().path("scaleTargetRef").path("name").asText());
        JsonNode trigger = scaled.spec().path("triggers").get(0);
        assertEquals("kafka", trigger.path("type").asText());
        JsonNode meta = trigger.path("metadata");
        assertEquals(Topics.RUN_REQUESTS, meta.path("topic").asText());
        assertEquals("runwarden-agents", meta.path("consumerGroup").asText());
        assertTrue(meta.path("lagThreshold").asInt() >= 1, "lagThreshold");
        assertTrue(meta.path("bootstrapServers").asText().startsWith("runwarden-kafka-bootstrap"), "Strimzi bootstrap");
        int maxReplicas = scaled.spec().path("maxReplicaCount").asInt();
        int partitions = KafkaTopicsTest.topic(gpu, Topics.RUN_REQUESTS).spec().path("partitions").asInt();
        assertTrue(maxReplicas >= 1 && maxReplicas <= partitions, "max replicas " + maxReplicas + " <= partitions " + partitions);
        String auth = trigger.path("authenticationRef").path("name").asText();
        assertTrue(gpu.find("TriggerAuthentication", auth).isPresent(), "TriggerAuthentication " + auth);
        assertNull(gpu.typed(Deployment.class, pool(Overlays.GPU_POOL).name()).getSpec().getReplicas(),
                "KEDA owns the replica count");
    }

    @Test
    void theSingleRunJobTrainsAValidSpecFromAConfigMapInJobMode() {
        Manifests job = Kustomize.build(Overlays.SINGLE_RUN_JOB);
        Manifests.Workload w = job.workload("Job", Overlays.AGENT);
        Container c = agent(w);
        assertEquals("job", WorkloadHardeningTest.env(c, "RUNWARDEN_AGENT_MODE").orElseThrow().getValue());
        assertFalse(WorkloadHardeningTest.env(c, "RUNWARDEN_AGENT_RUN_ID").orElseThrow().getValue().isBlank());
        String specFile = WorkloadHardeningTest.env(c, "RUNWARDEN_AGENT_SPEC_FILE").orElseThrow().getValue();
        Volume specVolume = WorkloadHardeningTest.mountedVolume(w.template().getSpec(), c, specFile).orElseThrow();
        assertNotNull(specVolume.getConfigMap(), "the spec comes from a ConfigMap");
        Map<String, String> data = job.configMapData(specVolume.getConfigMap().getName());
        String fileName = specFile.substring(specFile.lastIndexOf('/') + 1);
        RunSpec spec = ProtocolCodec.specFromJson(data.get(fileName)); // strict: unknown fields fail
        assertNotNull(spec);
        String workDir = WorkloadHardeningTest.env(c, Overlays.AGENT_WORK_DIR_ENV).orElseThrow().getValue();
        Volume checkpoints = WorkloadHardeningTest.mountedVolume(w.template().getSpec(), c, workDir).orElseThrow();
        assertEquals("runwarden-checkpoints", checkpoints.getPersistentVolumeClaim().getClaimName(),
                "the Job shares the pool's checkpoint volume");
        assertEquals("Never", w.template().getSpec().getRestartPolicy());
    }
}
