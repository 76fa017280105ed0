package io.runwarden.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Renders a kustomization with {@code kubectl kustomize} (offline: no cluster is contacted). kubectl is a hard
 * requirement of these tests: without it they fail and say how to install it, they never skip.
 */
final class Kustomize {

    private static final long TIMEOUT_SECONDS = 120;
    private static final Map<Path, Manifests> CACHE = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The rendered and parsed objects of a kustomization directory relative to the repository root. */
    static Manifests build(String dir) {
        return CACHE.computeIfAbsent(RepoFiles.resolve(dir).normalize(), path -> Manifests.parse(dir, render(path)));
    }

    static String render(Path dir) {
        String kubectl = kubectl();
        try {
            ProcessBuilder builder = new ProcessBuilder(kubectl, "kustomize", dir.toString())
                    .redirectErrorStream(false);
            File stderr = File.createTempFile("kustomize", ".err");
            stderr.deleteOnExit();
            builder.redirectError(stderr);
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail("kubectl kustomize " + dir + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                return fail("kubectl kustomize " + dir + " failed (exit " + process.exitValue() + "):\n"
                        + Files.readString(stderr.toPath(), StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return fail("cannot run " + kubectl + " kustomize " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while rendering " + dir);
        }
    }

    /** $KUBECTL, else kubectl on the PATH. */
    static String kubectl() {
        return kubectl(System.getenv());
    }

    static String kubectl(Map<String, String> environment) {
        String configured = environment.get("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        Optional<Path> onPath = Stream.of(environment.getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst();
        return onPath.map(Path::toString).orElseGet(() -> fail(
                "kubectl not found on the PATH (nor $KUBECTL): the deployment checks render the Kustomize manifests "
                        + "with `kubectl kustomize`. Install it, e.g. `apt-get install -y kubectl` on Debian."));
    }
}
