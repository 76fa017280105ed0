package io.runwarden.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runwarden.protocol.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Least privilege on the protocol's topics: who may write commands, read metrics, submit runs. */
class KafkaAclTest {

    static final List<String> overlays = Overlays.WITH_STRIMZI;

    private static final String AGENT = Overlays.kafkaUser(Overlays.AGENT);
    private static final String ANALYZER = Overlays.kafkaUser(Overlays.ANALYZER);
    private static final String DASHBOARD = Overlays.kafkaUser(Overlays.DASHBOARD);

    /** The protocol's data flow (docs/protocol.md): who writes and who reads each topic. */
    private static final Map<String, Set<String>> WRITERS = Map.of(
            Topics.METRICS, Set.of(AGENT),
            Topics.COMMANDS, Set.of(ANALYZER, DASHBOARD),
            Topics.ALERTS, Set.of(ANALYZER),
            Topics.RUN_HEALTH, Set.of(ANALYZER),
            Topics.RUN_REQUESTS, Set.of(DASHBOARD));
    private static final Map<String, Set<String>> READERS = Map.of(
            Topics.METRICS, Set.of(ANALYZER, DASHBOARD),
            Topics.COMMANDS, Set.of(AGENT, DASHBOARD),
            Topics.ALERTS, Set.of(DASHBOARD),
            Topics.RUN_HEALTH, Set.of(DASHBOARD),
            Topics.RUN_REQUESTS, Set.of(AGENT));

    @ParameterizedTest
    @FieldSource("overlays")
    void eachProtocolTopicIsWrittenAndReadByExactlyItsParties(String overlay) {
        KafkaAcls acls = KafkaAcls.of(Kustomize.build(overlay));
        for (String topic : Topics.protocolTopics()) {
            assertEquals(WRITERS.get(topic), acls.usersAllowed(topic, "Write"), overlay + ": writers of " + topic);
            assertEquals(READERS.get(topic), acls.usersAllowed(topic, "Read"), overlay + ": readers of " + topic);
        }
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void agentsCannotCommandRunsAndOnlyTheAnalyzerAndDashboardCan(String overlay) {
        KafkaAcls acls = KafkaAcls.of(Kustomize.build(overlay));
        assertFalse(acls.allows(AGENT, "topic", Topics.COMMANDS, "Write"), "agents must not write commands");
        assertEquals(Set.of(ANALYZER, DASHBOARD), acls.usersAllowed(Topics.COMMANDS, "Write"));
        assertTrue(acls.allows(DASHBOARD, "topic", Topics.RUN_REQUESTS, "Write"), "the dashboard submits runs");
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void everyConsumerMayParkPoisonRecordsInTheDeadLetterTopic(String overlay) {
        KafkaAcls acls = KafkaAcls.of(Kustomize.build(overlay));
        READERS.forEach((topic, readers) -> readers.forEach(user -> assertTrue(
                acls.allows(user, "topic", Topics.deadLetter(topic), "Write"),
                overlay + ": " + user + " reads " + topic + " so it may write " + Topics.deadLetter(topic))));
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void consumerGroupsAndTransactionsFollowTheConventions(String overlay) {
        KafkaAcls acls = KafkaAcls.of(Kustomize.build(overlay));
        assertTrue(acls.allows(AGENT, "group", "runwarden-agents", "Read"), "pool group");
        assertTrue(acls.allows(AGENT, "group", "runwarden-agent-node-7", "Read"), "per-agent commands group");
        assertFalse(acls.allows(AGENT, "group", "runwarden-analyzer", "Read"));
        assertTrue(acls.allows(DASHBOARD, "group", "runwarden-dashboard-live-1", "Read"), "dashboard groups");
        assertTrue(acls.allows(ANALYZER, "group", "runwarden-analyzer", "Read"), "Streams application.id");
        assertTrue(acls.allows(ANALYZER, "topic", "runwarden-analyzer-run-state-changelog", "Create"),
                "Streams internal topics");
        assertTrue(acls.allows(ANALYZER, "transactionalId", "runwarden-analyzer-7f3c-1", "Write"), "EOS");
        assertTrue(acls.allows(ANALYZER, "transactionalId", "runwarden-analyzer-7f3c-1", "Describe"), "EOS");
        assertTrue(acls.allows(ANALYZER, "cluster", "kafka-cluster", "IdempotentWrite"), "EOS");
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void aclsNameOnlyProtocolTopicsOrTheAnalyzersInternalPrefix(String overlay) {
        KafkaAcls acls = KafkaAcls.of(Kustomize.build(overlay));
        for (KafkaAcls.Acl acl : acls.acls()) {
            if (!acl.type().equals("topic")) {
                continue;
            }
            if (acl.pattern().equals("prefix")) {
                assertEquals(ANALYZER + ":runwarden-analyzer-", acl.user() + ":" + acl.name(), "prefix ACL " + acl);
            } else {
                assertTrue(Topics.allTopics().contains(acl.name()), "unknown topic in " + acl);
            }
        }
    }

    @Test
    void kedaMayOnlyLookAtThePoolsLag() {
        KafkaAcls acls = KafkaAcls.of(Kustomize.build(Overlays.GPU_POOL));
        List<KafkaAcls.Acl> keda = acls.acls().stream().filter(a -> a.user().equals("runwarden-keda")).toList();
        assertFalse(keda.isEmpty(), "a KafkaUser for KEDA");
        assertTrue(keda.stream().allMatch(a -> a.operation().equals("Describe")), "KEDA only describes: " + keda);
    }

    @Test
    void theAclModelCanFail() {
        KafkaAcls broken = new KafkaAcls(List.of(new KafkaAcls.Acl(AGENT, "topic", "runwarden.", "prefix", "Write")));
        assertTrue(broken.allows(AGENT, "topic", Topics.COMMANDS, "Write"), "a prefix ACL covers commands");
        assertEquals(Set.of(AGENT), broken.usersAllowed(Topics.COMMANDS, "Write"));
    }
}
