package io.runwarden.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every pod Runwarden runs: health probes on the agreed paths and port, resource requests and limits, a
 * non-root hardened security context, writable scratch only where needed, and Kafka credentials from Secrets.
 */
class WorkloadHardeningTest {

    static final List<String> overlays = Overlays.WITH_WORKLOADS;

    @ParameterizedTest
    @FieldSource("overlays")
    void everyServiceRuns(String overlay) {
        Set<String> apps = Kustomize.build(overlay).workloads().stream().map(Manifests.Workload::appName)
                .collect(java.util.stream.Collectors.toSet());
        Set<String> expected = overlay.equals(Overlays.SINGLE_RUN_JOB) ? Set.of(Overlays.AGENT)
                : Set.of(Overlays.ANALYZER, Overlays.DASHBOARD, Overlays.AGENT);
        assertEquals(expected, apps, overlay);
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void everyContainerHasLivenessAndReadinessProbesOnTheServicePort(String overlay) {
        forEachContainer(overlay, (w, c, what) -> {
            int port = Overlays.httpPort(w.appName());
            assertTrue(c.getPorts().stream().anyMatch(p -> p.getContainerPort() == port), what + " exposes " + port);
            assertProbe(what + " liveness", c.getLivenessProbe(), "/q/health/live", c, port);
            assertProbe(what + " readiness", c.getReadinessProbe(), "/q/health/ready", c, port);
        });
    }

    private static void assertProbe(String what, Probe probe, String path, Container c, int port) {
        assertNotNull(probe, what + " probe missing");
        assertNotNull(probe.getHttpGet(), what + " should be an HTTP probe");
        assertEquals(path, probe.getHttpGet().getPath(), what + " path");
        var target = probe.getHttpGet().getPort();
        int resolved = target.getIntVal() != null ? target.getIntVal()
                : c.getPorts().stream().filter(p -> target.getStrVal().equals(p.getName())).findFirst()
                        .map(p -> p.getContainerPort()).orElse(-1);
        assertEquals(port, resolved, what + " port");
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void everyContainerHasCpuAndMemoryRequestsAndLimits(String overlay) {
        forEachContainer(overlay, (w, c, what) -> {
            assertNotNull(c.getResources(), what + " resources");
            for (String resource : List.of("cpu", "memory")) {
                assertNotNull(c.getResources().getRequests().get(resource), what + " requests " + resource);
                assertNotNull(c.getResources().getLimits().get(resource), what + " limits " + resource);
            }
        });
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void podsRunAsNonRootWithAHardenedSecurityContext(String overlay) {
        for (Manifests.Workload w : Kustomize.build(overlay).workloads()) {
            String what = overlay + ": " + w.kind() + "/" + w.name();
            PodSpec pod = w.template().getSpec();
            PodSecurityContext podContext = pod.getSecurityContext();
            assertNotNull(podContext, what + " pod securityContext");
            assertEquals(Boolean.TRUE, podContext.getRunAsNonRoot(), what + " runAsNonRoot");
            assertNotNull(podContext.getRunAsUser(), what + " runAsUser");
            assertNotEquals(0L, podContext.getRunAsUser(), what + " runAsUser must not be root");
            assertEquals("RuntimeDefault", podContext.getSeccompProfile().getType(), what + " seccomp");
            assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), what + " needs no API token");
        }
        forEachContainer(overlay, (w, c, what) -> {
            SecurityContext sc = c.getSecurityContext();
            assertNotNull(sc, what + " securityContext");
            assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), what + " allowPrivilegeEscalation");
            assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), what + " readOnlyRootFilesystem");
            assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), what + " drops all capabilities");
            assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty(),
                    what + " adds no capability");
            assertFalse(Boolean.TRUE.equals(sc.getPrivileged()), what + " privileged");
        });
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void aReadOnlyRootGetsEmptyDirScratchAndTheAgentADjlCache(String overlay) {
        forEachContainer(overlay, (w, c, what) -> {
            PodSpec pod = w.template().getSpec();
            assertTrue(mountedVolume(pod, c, "/tmp").map(v -> v.getEmptyDir() != null).orElse(false),
                    what + " mounts an emptyDir at /tmp");
            if (w.appName().equals(Overlays.AGENT)) {
                String cache = env(c, "DJL_CACHE_DIR").map(EnvVar::getValue).orElse(null);
                assertNotNull(cache, what + " sets DJL_CACHE_DIR");
                assertEquals(cache, env(c, "ENGINE_CACHE_DIR").map(EnvVar::getValue).orElse(null),
                        what + " ENGINE_CACHE_DIR");
                assertTrue(mountedVolume(pod, c, cache).map(v -> v.getEmptyDir() != null).orElse(false),
                        what + " mounts a writable emptyDir at the DJL cache " + cache);
            }
        });
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void kafkaSettingsComeFromTheSharedConfigMapAndCredentialsFromSecrets(String overlay) {
        Manifests manifests = Kustomize.build(overlay);
        forEachContainer(overlay, (w, c, what) -> {
            assertTrue(c.getEnvFrom().stream().anyMatch(e -> e.getConfigMapRef() != null
                    && Overlays.KAFKA_CONFIG_MAP.equals(e.getConfigMapRef().getName())), what + " envFrom runwarden-kafka");
            var jaas = env(c, "KAFKA_SASL_JAAS_CONFIG").orElseThrow(() -> new AssertionError(what + " KAFKA_SASL_JAAS_CONFIG"));
            assertNotNull(jaas.getValueFrom(), what + " JAAS config from a Secret, never a literal");
            assertEquals("sasl.jaas.config", jaas.getValueFrom().getSecretKeyRef().getKey(), what);
            assertEquals(Overlays.kafkaUser(w.appName()), jaas.getValueFrom().getSecretKeyRef().getName(),
                    what + " uses its own Kafka user");
            var truststorePassword = env(c, "KAFKA_SSL_TRUSTSTORE_PASSWORD").orElseThrow();
            assertEquals(Overlays.CLUSTER_CA_SECRET, truststorePassword.getValueFrom().getSecretKeyRef().getName(), what);
            assertTrue(c.getEnv().stream().allMatch(e -> e.getValue() == null || !e.getName().matches(".*(PASSWORD|JAAS|TOKENS).*")),
                    what + " has no secret as a literal env value");
        });
        if (overlay.equals(Overlays.SINGLE_RUN_JOB)) {
            return; // The Job uses the ConfigMap the base deploys.
        }
        Map<String, String> kafka = manifests.configMapData(Overlays.KAFKA_CONFIG_MAP);
        for (String key : List.of("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM",
                "KAFKA_SSL_TRUSTSTORE_LOCATION")) {
            assertFalse(kafka.getOrDefault(key, "").isBlank(), overlay + ": runwarden-kafka sets " + key);
        }
        assertEquals("SASL_SSL", kafka.get("KAFKA_SECURITY_PROTOCOL"), overlay);
        assertEquals("SCRAM-SHA-512", kafka.get("KAFKA_SASL_MECHANISM"), overlay);
        String truststore = kafka.get("KAFKA_SSL_TRUSTSTORE_LOCATION");
        forEachContainer(overlay, (w, c, what) -> {
            Optional<Volume> ca = mountedVolume(w.template().getSpec(), c, truststore);
            assertTrue(ca.isPresent() && ca.get().getSecret() != null
                    && Overlays.CLUSTER_CA_SECRET.equals(ca.get().getSecret().getSecretName()),
                    what + " mounts the cluster CA Secret under " + truststore);
        });
    }

    // --- helpers

    interface ContainerCheck {
        void check(Manifests.Workload workload, Container container, String what);
    }

    static void forEachContainer(String overlay, ContainerCheck check) {
        List<Manifests.Workload> workloads = Kustomize.build(overlay).workloads();
        assertFalse(workloads.isEmpty(), overlay + " has workloads");
        for (Manifests.Workload w : workloads) {
            PodSpec pod = w.template().getSpec();
            assertTrue(pod.getInitContainers().isEmpty(), overlay + ": " + w.name() + " has no init containers");
            for (Container c : pod.getContainers()) {
                check.check(w, c, overlay + ": " + w.kind() + "/" + w.name() + " container " + c.getName());
            }
        }
    }

    static Optional<EnvVar> env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
    }

    /** The volume mounted at the path, or at a parent directory of it. */
    static Optional<Volume> mountedVolume(PodSpec pod, Container c, String path) {
        return c.getVolumeMounts().stream()
                .filter(m -> path.equals(m.getMountPath()) || path.startsWith(m.getMountPath() + "/"))
                .map(VolumeMount::getName)
                .findFirst()
                .flatMap(name -> pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst());
    }
}
