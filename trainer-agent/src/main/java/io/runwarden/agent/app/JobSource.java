package io.runwarden.agent.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runwarden.agent.run.RunAssignment;
import io.runwarden.protocol.RunSpec;
import io.runwarden.protocol.codec.ProtocolCodec;
import io.runwarden.protocol.codec.ProtocolException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Job mode's run, read from configuration before anything else happens. Every problem is an
 * {@link InvalidJobConfig} whose message names the key or the spec field.
 */
final class JobSource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JobSource() {
    }

    static RunAssignment load(Optional<String> specFile, Optional<String> runId, Optional<String> policyFile,
                              Optional<String> sweepId, long nowMillis) {
        String file = specFile.filter(s -> !s.isBlank()).orElseThrow(() -> new InvalidJobConfig(
                "runwarden.agent.spec-file: required in job mode (or pass --spec FILE)"));
        RunSpec spec;
        try {
            spec = ProtocolCodec.specFromJson(Files.readString(Path.of(file)));
        } catch (IOException e) {
            throw new InvalidJobConfig("runwarden.agent.spec-file: cannot read " + file + ": " + e);
        } catch (ProtocolException e) {
            throw new InvalidJobConfig("runwarden.agent.spec-file: " + file + ": " + e.getMessage());
        }
        JsonNode policy = policyFile.filter(s -> !s.isBlank()).map(JobSource::readPolicy).orElse(null);
        String id = runId.filter(s -> !s.isBlank()).orElseGet(() -> defaultRunId(file, nowMillis));
        return new RunAssignment(id, spec, policy, sweepId.filter(s -> !s.isBlank()).orElse(null));
    }

    static JsonNode readPolicy(String file) {
        try {
            JsonNode node = JSON.readTree(Path.of(file).toFile());
            if (node == null || !node.isObject()) {
                throw new InvalidJobConfig("runwarden.agent.policy-file: " + file + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidJobConfig("runwarden.agent.policy-file: cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String defaultRunId(String file, long nowMillis) {
        String name = Path.of(file).getFileName().toString().replaceFirst("\\.json$", "");
        return name + "-" + nowMillis / 1000;
    }

    /** Configuration that makes the job impossible: exit code 2. */
    static final class InvalidJobConfig extends RuntimeException {
        InvalidJobConfig(String message) {
            super(message);
        }
    }
}
