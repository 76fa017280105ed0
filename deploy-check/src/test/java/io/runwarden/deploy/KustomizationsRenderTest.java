package io.runwarden.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kustomization under k8s/ renders offline and yields valid Kubernetes objects. */
class KustomizationsRenderTest {

    /** Directories with a kustomization.yaml that is not a Component (components render only inside one). */
    static List<String> kustomizations() throws IOException {
        Path k8s = RepoFiles.resolve("k8s");
        try (Stream<Path> files = Files.walk(k8s)) {
            return files.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .filter(p -> !read(p).contains("kind: Component"))
                    .map(p -> RepoFiles.root().relativize(p.getParent()).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theExpectedEntryPointsExist() throws IOException {
        assertTrue(kustomizations().containsAll(List.of("k8s/base", "k8s/overlays/dev", "k8s/overlays/gpu-pool",
                "k8s/overlays/external-kafka", "k8s/jobs/single-run")), "found " + kustomizations());
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void rendersIntoValidObjectsInTheRunwardenNamespace(String dir) {
        Manifests manifests = Kustomize.build(dir);
        assertFalse(manifests.all().isEmpty(), dir + " renders nothing");
        Set<String> builtInGroups = Set.of("v1", "apps/v1", "batch/v1", "policy/v1", "networking.k8s.io/v1");
        for (Manifests.Manifest m : manifests.all()) {
            String what = dir + ": " + m.kind() + "/" + m.name();
            if (builtInGroups.contains(m.object().getApiVersion())) {
                assertFalse(m.object() instanceof GenericKubernetesResource,
                        what + " should map onto a typed Kubernetes model class");
            } else {
                assertInstanceOf(GenericKubernetesResource.class, m.object(), what);
            }
            if (!(m.object() instanceof Namespace)) {
                assertEquals("runwarden", m.object().getMetadata().getNamespace(), what + " namespace");
            }
            assertEquals("runwarden", m.object().getMetadata().getLabels().get("app.kubernetes.io/part-of"),
                    what + " carries app.kubernetes.io/part-of");
        }
    }

    @Test
    void aMissingKubectlFailsTheChecksWithInstructionsInsteadOfSkippingThem() {
        AssertionErrorCapture.assertFailsWith(() -> Kustomize.kubectl(java.util.Map.of("PATH", "/nonexistent")),
                "apt-get install -y kubectl");
    }

    @Test
    void kustomizeFailuresAreReported() {
        Path broken = RepoFiles.resolve("deploy-check/target/broken-kustomization");
        try {
            Files.createDirectories(broken);
            Files.writeString(broken.resolve("kustomization.yaml"), "resources:\n  - missing.yaml\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        AssertionErrorCapture.assertFailsWith(() -> Kustomize.render(broken), "missing.yaml");
    }
}
