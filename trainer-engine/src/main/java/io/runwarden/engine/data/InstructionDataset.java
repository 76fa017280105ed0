package io.runwarden.engine.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runwarden.protocol.FieldError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads instruction JSONL: one object per line with string fields {@code prompt} and {@code completion} (other
 * fields ignored, blank lines skipped). Every malformed line is reported with its line number.
 */
public final class InstructionDataset {

    /** The sample set shipped in this module (see {@link SampleDataGenerator}). */
    public static final String SAMPLE_RESOURCE = "/io/runwarden/engine/sample-instructions.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REPORTED_ERRORS = 10;

    private InstructionDataset() {
    }

    /** The examples, or the errors (each naming {@code dataset} and a line) when the file is not usable. */
    public record Loaded(List<InstructionExample> examples, List<FieldError> errors) {
    }

    /** Loads {@code path}, or the shipped sample set when {@code path} is null. */
    public static Loaded load(String path) {
        if (path == null) {
            try (InputStream in = InstructionDataset.class.getResourceAsStream(SAMPLE_RESOURCE)) {
                if (in == null) {
                    return failed("the sample dataset " + SAMPLE_RESOURCE + " is missing from the classpath");
                }
                return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), "sample set");
            } catch (IOException e) {
                return failed("cannot read the sample dataset: " + e.getMessage());
            }
        }
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            return failed("file not found: " + path);
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, path);
        } catch (IOException e) {
            return failed("cannot read " + path + ": " + e.getMessage());
        }
    }

    private static Loaded parse(BufferedReader reader, String source) throws IOException {
        List<InstructionExample> examples = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        int badLines = 0;
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String problem = null;
            try {
                JsonNode node = JSON.readTree(line);
                if (node == null || !node.isObject()) {
                    problem = "not a JSON object";
                } else if (!node.path("prompt").isTextual()) {
                    problem = "missing string field 'prompt'";
                } else if (!node.path("completion").isTextual()) {
                    problem = "missing string field 'completion'";
                } else {
                    examples.add(new InstructionExample(number, node.get("prompt").asText(),
                            node.get("completion").asText()));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                problem = "not valid JSON (" + e.getOriginalMessage() + ")";
            }
            if (problem != null) {
                badLines++;
                if (errors.size() < MAX_REPORTED_ERRORS) {
                    errors.add(new FieldError("dataset", source + " line " + number + ": " + problem));
                }
            }
        }
        if (badLines > errors.size()) {
            errors.add(new FieldError("dataset", (badLines - errors.size()) + " more malformed lines"));
        }
        if (errors.isEmpty() && examples.isEmpty()) {
            errors.add(new FieldError("dataset", source + " has no examples"));
        }
        return new Loaded(examples, errors);
    }

    private static Loaded failed(String message) {
        return new Loaded(List.of(), List.of(new FieldError("dataset", message)));
    }
}
