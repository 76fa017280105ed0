package io.runwarden.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository the deployment artifacts live in, found from this module's directory (its parent). */
final class RepoFiles {

    private static final Path ROOT = locate();

    private RepoFiles() {
    }

    static Path root() {
        return ROOT;
    }

    static Path resolve(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relative, e);
        }
    }

    /** Surefire runs in the module directory; the repository root is the first parent with docker/ and k8s/. */
    private static Path locate() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("pom.xml")) && Files.isDirectory(candidate.resolve("k8s"))
                    && Files.isDirectory(candidate.resolve("docker"))) {
                return candidate;
            }
        }
        return fail("no repository root (a parent of " + dir + " with pom.xml, docker/ and k8s/)");
    }
}
