package io.runwarden.engine.cli;

import io.runwarden.engine.data.SampleDataGenerator;

import java.nio.file.Path;

/**
 * Regenerates the shipped sample set: {@code ./runwarden sample-data [--out FILE] [--count N] [--seed S]
 * [--corpus]}. With the defaults it rewrites the module's resource byte for byte.
 */
public final class GenerateSampleData {

    public static final String DEFAULT_OUT =
            "trainer-engine/src/main/resources/io/runwarden/engine/sample-instructions.jsonl";

    private GenerateSampleData() {
    }

    public static void main(String[] args) {
        Args a = new Args(args);
        Path out = Path.of(a.get("--out", DEFAULT_OUT));
        int count = Integer.parseInt(a.get("--count", String.valueOf(SampleDataGenerator.DEFAULT_COUNT)));
        long seed = Long.parseLong(a.get("--seed", String.valueOf(SampleDataGenerator.DEFAULT_SEED)));
        if (a.flag("--corpus")) {
            SampleDataGenerator.writeCorpus(out, count, seed);
        } else {
            SampleDataGenerator.writeInstructions(out, count, seed);
        }
        System.out.println("wrote " + count + " examples to " + out);
    }
}
