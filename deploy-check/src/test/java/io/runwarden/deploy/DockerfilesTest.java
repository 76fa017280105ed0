package io.runwarden.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each image copies what `mvn package` produces (the Quarkus fast-jar), runs as non-root and reports health. */
class DockerfilesTest {

    /** A Dockerfile as instructions: continuation lines joined, comments dropped. */
    record Instruction(String keyword, String arguments) {
    }

    static List<Instruction> instructions(String dockerfile) {
        List<Instruction> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : RepoFiles.read(dockerfile).lines().toList()) {
            String stripped = line.strip();
            if (stripped.startsWith("#") || (stripped.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            current.append(stripped);
            String full = current.toString().strip();
            current.setLength(0);
            if (!full.isEmpty()) {
                int space = full.indexOf(' ');
                result.add(new Instruction(full.substring(0, space).toUpperCase(), full.substring(space + 1).strip()));
            }
        }
        return result;
    }

    static List<String> args(List<Instruction> instructions, String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
    }

    @ParameterizedTest
    @CsvSource({
        "docker/analyzer.Dockerfile, stream-analyzer, 8082",
        "docker/dashboard.Dockerfile, dashboard-api, 8080",
        "docker/agent.Dockerfile, trainer-agent, 8083",
        "docker/agent-gpu.Dockerfile, trainer-agent, 8083",
    })
    void copiesTheModulesFastJarLayout(String dockerfile, String module, int port) {
        assertTrue(Files.isRegularFile(RepoFiles.resolve(module + "/pom.xml")), module + " is a module of the repo");
        assertTrue(RepoFiles.read(module + "/pom.xml").contains("quarkus-maven-plugin"),
                module + " is built by Quarkus into target/quarkus-app");
        List<Instruction> instructions = instructions(dockerfile);
        String prefix = module + "/target/quarkus-app/";
        Set<String> sources = new java.util.HashSet<>();
        for (String copy : args(instructions, "COPY")) {
            List<String> words = new ArrayList<>(List.of(copy.split("\\s+")));
            words.removeIf(w -> w.startsWith("--"));
            List<String> from = words.subList(0, words.size() - 1);
            for (String source : from) {
                assertTrue(source.startsWith(prefix), dockerfile + " copies only " + prefix + ": " + source);
                sources.add(source.substring(prefix.length()));
            }
        }
        assertEquals(Set.of("lib/", "*.jar", "app/", "quarkus/"), sources, dockerfile + " copies the fast-jar layout");
        String ignore = RepoFiles.read(dockerfile + ".dockerignore");
        assertTrue(ignore.lines().anyMatch(l -> l.strip().equals("!" + prefix)), dockerfile + ".dockerignore lets "
                + prefix + " into the build context");
        assertTrue(args(instructions, "ENTRYPOINT").get(0).contains("quarkus-run.jar"), dockerfile + " runs quarkus-run.jar");
        assertEquals(List.of(String.valueOf(port)), args(instructions, "EXPOSE"), dockerfile + " exposes " + port);
    }

    @ParameterizedTest
    @CsvSource({
        "docker/analyzer.Dockerfile, 8082",
        "docker/dashboard.Dockerfile, 8080",
        "docker/agent.Dockerfile, 8083",
        "docker/agent-gpu.Dockerfile, 8083",
    })
    void runsAsANumericNonRootUserWithALivenessHealthcheck(String dockerfile, int port) {
        List<Instruction> instructions = instructions(dockerfile);
        List<String> users = args(instructions, "USER");
        assertFalse(users.isEmpty(), dockerfile + " sets USER");
        String user = users.get(users.size() - 1).split(":")[0];
        assertTrue(user.matches("\\d+"), dockerfile + " USER is numeric (for runAsNonRoot): " + user);
        assertNotEquals("0", user, dockerfile + " USER is not root");
        assertEquals("185", user, dockerfile + " USER matches the pods' runAsUser");
        Instruction last = instructions.get(instructions.size() - 1);
        assertTrue(instructions.indexOf(instructions.stream().filter(i -> i.keyword().equals("USER")).reduce((a, b) -> b)
                .orElseThrow()) > instructions.indexOf(instructions.stream().filter(i -> i.keyword().equals("COPY"))
                .reduce((a, b) -> b).orElseThrow()), dockerfile + " switches to the user after copying");
        assertEquals("ENTRYPOINT", last.keyword(), dockerfile + " ends with its entrypoint");
        List<String> healthchecks = args(instructions, "HEALTHCHECK");
        assertEquals(1, healthchecks.size(), dockerfile + " HEALTHCHECK");
        assertTrue(healthchecks.get(0).contains("http://localhost:" + port + "/q/health/live"),
                dockerfile + " HEALTHCHECK on /q/health/live: " + healthchecks.get(0));
        String env = String.join(" ", args(instructions, "ENV"));
        assertTrue(env.contains("MaxRAMPercentage"), dockerfile + " sizes the heap from the container's memory");
    }

    @Test
    void agentImagesRunDjlOfflineWithAWritableCache() {
        for (String dockerfile : List.of("docker/agent.Dockerfile", "docker/agent-gpu.Dockerfile")) {
            String env = String.join(" ", args(instructions(dockerfile), "ENV"));
            assertTrue(env.contains("-Dai.djl.offline=true"), dockerfile + " ai.djl.offline");
            assertTrue(env.contains("DJL_CACHE_DIR=/var/cache/runwarden/djl"), dockerfile + " DJL_CACHE_DIR");
            assertTrue(env.contains("ENGINE_CACHE_DIR=/var/cache/runwarden/djl"), dockerfile + " ENGINE_CACHE_DIR");
            String run = String.join(" ", args(instructions(dockerfile), "RUN"));
            assertTrue(run.contains("chown -R 185:0") && run.contains("/var/cache/runwarden"),
                    dockerfile + " gives the cache to the runtime user");
        }
    }

    @Test
    void theGpuImageIsCudaAndDocumentsItsBuildAndDriver() {
        String dockerfile = "docker/agent-gpu.Dockerfile";
        String from = args(instructions(dockerfile), "FROM").get(0);
        assertTrue(from.startsWith("nvidia/cuda:12.4") && from.contains("runtime"), "CUDA 12.4 runtime base: " + from);
        String text = RepoFiles.read(dockerfile);
        assertTrue(text.contains("-Pcuda"), "built from a -Pcuda build");
        assertTrue(text.contains("550"), "names the minimum NVIDIA driver");
        assertTrue(RepoFiles.read("docker/agent.Dockerfile").lines().filter(l -> l.startsWith("FROM"))
                .noneMatch(l -> l.contains("cuda")), "the CPU image carries no CUDA");
    }

    @Test
    void theParserSeesContinuationLines() {
        List<Instruction> instructions = instructions("docker/analyzer.Dockerfile");
        Set<String> keywords = instructions.stream().map(Instruction::keyword).collect(Collectors.toSet());
        assertTrue(keywords.containsAll(Set.of("FROM", "RUN", "COPY", "ENV", "EXPOSE", "USER", "HEALTHCHECK", "ENTRYPOINT")),
                "parsed " + keywords);
        assertTrue(args(instructions, "RUN").get(0).contains("useradd --uid 185"), "joined continuation lines");
    }
}
