package io.runwarden.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwarden.protocol.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docker/compose.yaml: Kafka, topic creation, the three services, environment-only configuration. */
class ComposeFileTest {

    private static final List<String> APP_SERVICES = List.of("analyzer", "dashboard", "agent", "agent-gpu");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(:?[-?][^}]*)?}");

    private static String text;
    private static JsonNode services;

    @BeforeAll
    static void parse() throws IOException {
        text = RepoFiles.read("docker/compose.yaml");
        JsonNode compose = Manifests.YAML.readTree(text);
        services = compose.path("services");
        assertTrue(services.isObject(), "compose.yaml has services");
    }

    @Test
    void namesKafkaTopicCreationAndEveryService() {
        Set<String> names = new LinkedHashSet<>();
        services.fieldNames().forEachRemaining(names::add);
        assertEquals(Set.of("kafka", "kafka-topics", "analyzer", "dashboard", "agent", "agent-gpu"), names);
    }

    @Test
    void kafkaIsASingleKraftNodeOfTheOfficialImage() {
        JsonNode kafka = services.path("kafka");
        assertEquals("apache/kafka:4.2.1", kafka.path("image").asText());
        JsonNode env = kafka.path("environment");
        assertEquals("broker,controller", env.path("KAFKA_PROCESS_ROLES").asText());
        assertTrue(env.path("KAFKA_CONTROLLER_QUORUM_VOTERS").asText().startsWith("1@kafka:"));
        assertEquals(1, env.path("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR").asInt());
        assertFalse(kafka.path("healthcheck").path("test").isMissingNode(), "a healthcheck the others wait for");
    }

    @Test
    void theTopicServiceCreatesEveryProtocolTopicWithRunHealthCompacted() {
        JsonNode topics = services.path("kafka-topics");
        assertEquals("service_healthy", topics.path("depends_on").path("kafka").path("condition").asText());
        String script = topics.path("command").get(0).asText();
        List<String> lines = script.lines().filter(l -> l.contains("--topic")).toList();
        for (String topic : Topics.allTopics()) {
            List<String> creating = lines.stream().filter(l -> l.contains("--topic " + topic + " ")).toList();
            assertEquals(1, creating.size(), "one creation of " + topic);
            assertEquals(Topics.isCompacted(topic), creating.get(0).contains("cleanup.policy=compact"),
                    topic + " compaction");
        }
        assertEquals(Topics.allTopics().size(), lines.size(), "no topic outside the protocol");
        assertTrue(script.contains("--create") && script.contains("--if-not-exists"), "idempotent creation");
        assertEquals("\"$$PARTITIONS\"", Pattern.compile("--partitions (\\S+)").matcher(script).results()
                .map(m -> m.group(1)).findFirst().orElse(""), "partitions from the environment");
    }

    @Test
    void servicesAreConfiguredByEnvironmentOnlyAndStartAfterTheTopics() {
        for (String name : APP_SERVICES) {
            JsonNode service = services.path(name);
            String what = "service " + name;
            assertTrue(service.path("command").isMissingNode() && service.path("entrypoint").isMissingNode(),
                    what + " keeps the image's entrypoint");
            assertTrue(service.path("configs").isMissingNode() && service.path("secrets").isMissingNode()
                    && service.path("env_file").isMissingNode(), what + " is configured through `environment` only");
            for (JsonNode volume : service.path("volumes")) {
                assertFalse(volume.asText().matches(".*\\.(properties|ya?ml|json)(:.*)?"),
                        what + " mounts no configuration file: " + volume.asText());
            }
            assertEquals("kafka:9092", service.path("environment").path("KAFKA_BOOTSTRAP_SERVERS").asText(), what);
            assertEquals("service_completed_successfully",
                    service.path("depends_on").path("kafka-topics").path("condition").asText(), what);
            String dockerfile = service.path("build").path("dockerfile").asText();
            assertEquals("..", service.path("build").path("context").asText(), what + " builds from the repo root");
            assertTrue(Files.isRegularFile(RepoFiles.resolve(dockerfile)), what + " Dockerfile " + dockerfile);
        }
    }

    @Test
    void agentsRunAsAPoolOfCpuAgentsAndOptionalGpuAgents() {
        JsonNode cpu = services.path("agent");
        assertEquals("pool", cpu.path("environment").path("RUNWARDEN_AGENT_MODE").asText());
        assertFalse(cpu.path("deploy").path("replicas").isMissingNode(), "deploy.replicas");
        assertTrue(cpu.path("profiles").isMissingNode(), "CPU agents start by default");
        assertFalse(cpu.path("environment").path("RUNWARDEN_AGENT_WORK_DIR").asText().isBlank());

        JsonNode gpu = services.path("agent-gpu");
        assertEquals("pool", gpu.path("environment").path("RUNWARDEN_AGENT_MODE").asText());
        assertEquals(List.of("gpu"), textList(gpu.path("profiles")));
        JsonNode device = gpu.path("deploy").path("resources").path("reservations").path("devices").get(0);
        assertNotNull(device, "a GPU device reservation");
        assertEquals("nvidia", device.path("driver").asText());
        assertEquals(List.of("gpu"), textList(device.path("capabilities")));
        assertTrue(gpu.path("build").path("dockerfile").asText().contains("gpu"));
    }

    @Test
    void noSecretHasADefaultAndEveryVariableIsDocumentedInTheExampleEnvFile() {
        Matcher tokens = Pattern.compile("\\$\\{RUNWARDEN_DASHBOARD_AUTH_TOKENS(:?-([^}]*))?}").matcher(text);
        assertTrue(tokens.find(), "the dashboard's tokens come from a variable");
        assertTrue(tokens.group(2) == null || tokens.group(2).isEmpty(), "no default token: " + tokens.group());
        assertEquals("${RUNWARDEN_DASHBOARD_AUTH_TOKENS:-}",
                services.path("dashboard").path("environment").path("RUNWARDEN_DASHBOARD_AUTH_TOKENS").asText());

        Set<String> used = VARIABLE.matcher(text).results().map(m -> m.group(1)).collect(Collectors.toSet());
        String example = RepoFiles.read("docker/.env.example");
        Set<String> documented = example.lines().map(String::strip).filter(l -> l.matches("#? ?[A-Z0-9_]+=.*"))
                .map(l -> l.replaceFirst("^# ?", "").substring(0, l.replaceFirst("^# ?", "").indexOf('=')))
                .collect(Collectors.toSet());
        assertTrue(documented.containsAll(used), "undocumented in .env.example: " + minus(used, documented));
        assertTrue(example.lines().filter(l -> l.startsWith("RUNWARDEN_DASHBOARD_AUTH_TOKENS="))
                .allMatch(l -> l.equals("RUNWARDEN_DASHBOARD_AUTH_TOKENS=")), "no token set in .env.example");
        assertTrue(RepoFiles.read("docker/.gitignore").lines().anyMatch(l -> l.strip().equals(".env")),
                "docker/.env is git-ignored");
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> rest = new LinkedHashSet<>(a);
        rest.removeAll(b);
        return rest;
    }

    private static List<String> textList(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
