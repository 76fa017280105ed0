package io.runwarden.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** PodDisruptionBudgets for every long-running service; NetworkPolicies that deny by default. */
class PoliciesTest {

    static final List<String> overlays = List.of(Overlays.DEV, Overlays.GPU_POOL, Overlays.EXTERNAL_KAFKA);

    /** Labels of Strimzi's broker pods (set by the operator). */
    private static final Map<String, String> BROKER_POD = Map.of("strimzi.io/cluster", "runwarden",
            "strimzi.io/kind", "Kafka", "strimzi.io/broker-role", "true", "strimzi.io/pool-name", "broker");

    @ParameterizedTest
    @FieldSource("overlays")
    void everyServiceHasAPodDisruptionBudgetThatSelectsItsPods(String overlay) {
        Manifests manifests = Kustomize.build(overlay);
        List<PodDisruptionBudget> pdbs = manifests.typed(PodDisruptionBudget.class);
        for (Manifests.Workload w : manifests.workloads()) {
            Map<String, String> labels = w.template().getMetadata().getLabels();
            List<PodDisruptionBudget> matching = pdbs.stream()
                    .filter(p -> matches(p.getSpec().getSelector(), labels)).toList();
            assertEquals(1, matching.size(), overlay + ": one PDB for " + w.name());
            var spec = matching.get(0).getSpec();
            assertTrue(spec.getMaxUnavailable() != null || spec.getMinAvailable() != null, w.name() + " PDB budget");
        }
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void everythingIsDeniedByDefault(String overlay) {
        List<NetworkPolicy> policies = Kustomize.build(overlay).typed(NetworkPolicy.class);
        assertTrue(policies.stream().anyMatch(p -> p.getSpec().getPodSelector().getMatchLabels().isEmpty()
                && p.getSpec().getPodSelector().getMatchExpressions().isEmpty()
                && p.getSpec().getPolicyTypes().contains("Ingress") && p.getSpec().getIngress().isEmpty()),
                overlay + ": a default-deny ingress policy for the whole namespace");
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void onlyTheDashboardAcceptsTrafficFromAnywhere(String overlay) {
        Manifests manifests = Kustomize.build(overlay);
        List<NetworkPolicy> policies = manifests.typed(NetworkPolicy.class);
        for (Manifests.Workload w : manifests.workloads()) {
            Map<String, String> labels = w.template().getMetadata().getLabels();
            boolean openToAll = policies.stream().filter(p -> matches(p.getSpec().getPodSelector(), labels))
                    .flatMap(p -> p.getSpec().getIngress().stream())
                    .anyMatch(rule -> rule.getFrom().isEmpty());
            assertEquals(w.appName().equals(Overlays.DASHBOARD), openToAll,
                    overlay + ": " + w.name() + " open to any source");
        }
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void servicesMayReachOnlyKafkaAndDns(String overlay) {
        Manifests manifests = Kustomize.build(overlay);
        List<NetworkPolicy> policies = manifests.typed(NetworkPolicy.class);
        for (Manifests.Workload w : manifests.workloads()) {
            Map<String, String> labels = w.template().getMetadata().getLabels();
            List<NetworkPolicy> egress = policies.stream().filter(p -> matches(p.getSpec().getPodSelector(), labels)
                    && p.getSpec().getPolicyTypes().contains("Egress")).toList();
            assertFalse(egress.isEmpty(), overlay + ": egress of " + w.name() + " is restricted");
            Set<Integer> ports = egress.stream().flatMap(p -> p.getSpec().getEgress().stream())
                    .flatMap(r -> r.getPorts().stream()).map(p -> p.getPort().getIntVal()).collect(Collectors.toSet());
            assertTrue(ports.contains(9093) && ports.contains(53), overlay + ": Kafka and DNS for " + w.name());
            assertTrue(ports.stream().allMatch(p -> p == 53 || (p >= 9092 && p <= 9094)),
                    overlay + ": nothing but Kafka and DNS for " + w.name() + ": " + ports);
        }
    }

    @Test
    void kafkaAcceptsClientsOnlyFromTheThreeServices() {
        Manifests gpu = Kustomize.build(Overlays.GPU_POOL);
        Set<String> allowed = gpu.typed(NetworkPolicy.class).stream()
                .filter(p -> matches(p.getSpec().getPodSelector(), BROKER_POD))
                .flatMap(p -> p.getSpec().getIngress().stream())
                .peek(rule -> assertFalse(rule.getFrom().isEmpty(), "Kafka is never open to any source"))
                .flatMap(rule -> rule.getFrom().stream())
                .filter(peer -> peer.getNamespaceSelector() == null)
                .map(PoliciesTest::appOf).collect(Collectors.toSet());
        assertEquals(Set.of(Overlays.ANALYZER, Overlays.DASHBOARD, Overlays.AGENT), allowed);
    }

    @Test
    void theSelectorModelCanFail() {
        LabelSelector selector = new LabelSelector(List.of(new LabelSelectorRequirement("app", "In", List.of("a"))),
                Map.of("tier", "x"));
        assertTrue(matches(selector, Map.of("app", "a", "tier", "x")));
        assertFalse(matches(selector, Map.of("app", "b", "tier", "x")));
        assertFalse(matches(selector, Map.of("app", "a")));
    }

    private static String appOf(NetworkPolicyPeer peer) {
        return peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name");
    }

    /** Kubernetes label selector semantics (matchLabels and the In/NotIn/Exists/DoesNotExist expressions). */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        boolean labelsMatch = selector.getMatchLabels() == null || selector.getMatchLabels().entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        boolean expressionsMatch = selector.getMatchExpressions() == null || selector.getMatchExpressions().stream()
                .allMatch(r -> switch (r.getOperator()) {
                    case "In" -> r.getValues().contains(labels.get(r.getKey()));
                    case "NotIn" -> !r.getValues().contains(labels.get(r.getKey()));
                    case "Exists" -> labels.containsKey(r.getKey());
                    case "DoesNotExist" -> !labels.containsKey(r.getKey());
                    default -> false;
                });
        return labelsMatch && expressionsMatch;
    }
}
