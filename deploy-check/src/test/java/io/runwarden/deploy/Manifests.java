package io.runwarden.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects of one rendered kustomization, each parsed twice: into the fabric8 Kubernetes model (typed
 * classes for built-in kinds, GenericKubernetesResource for custom resources such as Strimzi's and KEDA's) and
 * as a plain JSON tree for reading custom resources' specs.
 */
final class Manifests {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper MODEL = new ObjectMapper();

    record Manifest(HasMetadata object, JsonNode tree) {
        String kind() {
            return object.getKind();
        }

        String name() {
            return object.getMetadata().getName();
        }

        JsonNode spec() {
            return tree.path("spec");
        }
    }

    /** A pod-creating object (Deployment, StatefulSet, Job) with its pod template. */
    record Workload(String kind, String name, PodTemplateSpec template, Manifest manifest) {
        String appName() {
            return template.getMetadata().getLabels().get("app.kubernetes.io/name");
        }
    }

    private final String source;
    private final List<Manifest> manifests;

    private Manifests(String source, List<Manifest> manifests) {
        this.source = source;
        this.manifests = List.copyOf(manifests);
    }

    static Manifests parse(String source, String yaml) {
        List<Manifest> parsed = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode tree = docs.next();
                if (tree == null || tree.isNull() || tree.isEmpty()) {
                    continue;
                }
                parsed.add(new Manifest(toModel(source, tree), tree));
            }
        } catch (IOException e) {
            fail(source + ": the rendered YAML does not parse: " + e.getMessage(), e);
        }
        return new Manifests(source, parsed);
    }

    private static HasMetadata toModel(String source, JsonNode tree) {
        String what = source + ": " + tree.path("kind").asText("?") + "/" + tree.path("metadata").path("name").asText("?");
        try {
            KubernetesResource resource = MODEL.treeToValue(tree, KubernetesResource.class);
            if (!(resource instanceof HasMetadata object)) {
                return fail(what + " is not a Kubernetes object with metadata");
            }
            assertNotNull(object.getApiVersion(), what + " has no apiVersion");
            assertNotNull(object.getKind(), what + " has no kind");
            assertNotNull(object.getMetadata(), what + " has no metadata");
            assertNotNull(object.getMetadata().getName(), what + " has no name");
            if (!(object instanceof GenericKubernetesResource)) {
                List<String> unknown = UnknownFields.of(object);
                if (!unknown.isEmpty()) {
                    return fail(what + " has fields Kubernetes does not know (misspelt?): " + unknown);
                }
            }
            return object;
        } catch (IOException | IllegalArgumentException e) {
            return fail(what + " is not a valid Kubernetes object: " + e.getMessage(), e);
        }
    }

    String source() {
        return source;
    }

    List<Manifest> all() {
        return manifests;
    }

    List<Manifest> ofKind(String kind) {
        return manifests.stream().filter(m -> m.kind().equals(kind)).toList();
    }

    Optional<Manifest> find(String kind, String name) {
        return ofKind(kind).stream().filter(m -> m.name().equals(name)).findFirst();
    }

    Manifest get(String kind, String name) {
        return find(kind, name).orElseGet(() -> fail(source + " has no " + kind + "/" + name));
    }

    <T extends HasMetadata> List<T> typed(Class<T> type) {
        return manifests.stream().map(Manifest::object).filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T typed(Class<T> type, String name) {
        return typed(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseGet(() -> fail(source + " has no " + type.getSimpleName() + "/" + name));
    }

    List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        for (Manifest m : manifests) {
            if (m.object() instanceof Deployment d) {
                workloads.add(new Workload("Deployment", m.name(), d.getSpec().getTemplate(), m));
            } else if (m.object() instanceof StatefulSet s) {
                workloads.add(new Workload("StatefulSet", m.name(), s.getSpec().getTemplate(), m));
            } else if (m.object() instanceof Job j) {
                workloads.add(new Workload("Job", m.name(), j.getSpec().getTemplate(), m));
            }
        }
        return workloads;
    }

    /** The one workload running the given app (app.kubernetes.io/name) with the given kind. */
    Workload workload(String kind, String appName) {
        List<Workload> found = workloads().stream()
                .filter(w -> w.kind().equals(kind) && appName.equals(w.appName())).toList();
        assertEquals(1, found.size(), source + ": expected one " + kind + " of " + appName + ", found " + found.size());
        return found.get(0);
    }

    Map<String, String> configMapData(String name) {
        return typed(ConfigMap.class, name).getData();
    }
}
