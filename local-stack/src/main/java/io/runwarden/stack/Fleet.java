package io.runwarden.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwarden.protocol.FieldError;
import io.runwarden.protocol.RunSpec;
import io.runwarden.protocol.codec.ProtocolCodec;
import io.runwarden.protocol.codec.ProtocolException;
import io.runwarden.protocol.codec.ProtocolJson;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A fleet file: a JSON array of {@code {"runId", "description", "spec": {...}, "policy": {...}}}. Every spec is
 * validated before anything starts, and every error names the run and the field.
 */
final class Fleet {

    /** The demo fleet shipped with the launcher. */
    static final String DEFAULT_RESOURCE = "/demo-fleet.json";
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private Fleet() {
    }

    static List<FleetRun> load(Path file) throws IOException {
        return parse(ProtocolJson.mapper().readTree(Files.readAllBytes(file)), file.toString());
    }

    static List<FleetRun> loadDefault() throws IOException {
        try (InputStream in = Fleet.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IOException("the demo fleet " + DEFAULT_RESOURCE + " is missing from the classpath");
            }
            return parse(ProtocolJson.mapper().readTree(in), "the demo fleet");
        }
    }

    static List<FleetRun> parse(JsonNode root, String source) {
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(source + ": a fleet must be a JSON array of runs");
        }
        List<FleetRun> runs = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode entry = root.get(i);
            String where = source + " [" + i + "]";
            JsonNode idNode = entry.get("runId");
            if (idNode == null || !idNode.isTextual() || !RUN_ID.matcher(idNode.textValue()).matches()) {
                throw new IllegalArgumentException(where + ": runId must match " + RUN_ID.pattern());
            }
            String runId = idNode.textValue();
            if (!ids.add(runId)) {
                throw new IllegalArgumentException(where + ": duplicate runId " + runId);
            }
            RunSpec spec;
            try {
                spec = ProtocolCodec.specFromJson(entry.has("spec") ? entry.get("spec")
                        : ProtocolJson.mapper().createObjectNode());
            } catch (ProtocolException e) {
                throw new IllegalArgumentException(where + " (" + runId + "): spec " + e.getMessage(), e);
            }
            List<FieldError> errors = spec.validate();
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException(where + " (" + runId + "): invalid spec: " + errors);
            }
            JsonNode policy = entry.get("policy");
            if (policy != null && !policy.isNull() && !policy.isObject()) {
                throw new IllegalArgumentException(where + " (" + runId + "): policy must be a JSON object");
            }
            JsonNode description = entry.get("description");
            runs.add(new FleetRun(runId, description == null ? "" : description.asText(), spec,
                    policy == null || policy.isNull() ? null : policy));
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException(source + ": the fleet has no runs");
        }
        return runs;
    }
}
