package io.runwarden.stack.sweep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./runwarden sweep} without Kafka: the members table, dry runs, and invalid specs (exit 2). */
class SweepCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new SweepCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), () -> "tester", 1L).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dryRunPrintsTheMembersTable() {
        assertEquals(0, run("../docs/examples/lr-sweep.json", "--dry-run"));
        String text = out();
        assertTrue(text.contains("sweep lr-sweep: 4 members"), text);
        assertTrue(text.contains("median stopping rule on valLoss (min), minMembers 3"), text);
        assertTrue(text.contains("run id      learningRate"), text);
        assertTrue(text.contains("lr-sweep-0  0.00005\n"), text);
        assertTrue(text.contains("lr-sweep-3  0.0005\n"), text);
        assertTrue(text.contains("dry run: nothing submitted"), text);
    }

    @Test
    void theAshaExampleShowsTheBudgetAndAllVariedFields() {
        assertEquals(0, run("--dry-run", "../docs/examples/asha-sweep.json"));
        String text = out();
        assertTrue(text.contains("27 members (budget kept 27 of 54 combinations)"), text);
        assertTrue(text.contains("ASHA on valLoss (min), rungs [20, 60], eta 3"), text);
        assertTrue(text.contains("loraRank  loraAlpha  batchSize  gradAccumulation  learningRate  warmupRatio"),
                text);
        assertTrue(text.contains("asha-lora-26"), text);
    }

    @Test
    void anInvalidSpecExitsWith2NamingTheField(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"sweepId\": \"x\", \"grid\": {\"learningRate\": [1e-4, -2e-4]}}");
        assertEquals(2, run(bad.toString(), "--dry-run"));
        assertTrue(err().contains("grid.learningRate[1]: must be > 0, was -2.0E-4"), err());
        assertEquals("", out());
    }

    @Test
    void anInvalidMemberIsNamed(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"sweepId\": \"x\", \"grid\": {\"maxSteps\": [50], \"warmupSteps\": [60]}}");
        assertEquals(2, run(bad.toString()));
        assertTrue(err().contains("members[0] x-0: warmupSteps"), err());
    }

    @Test
    void usageErrorsExitWith2() {
        assertEquals(2, run());
        assertTrue(err().contains("no sweep file given"), err());
        assertEquals(2, run("a.json", "--kafka"));
        assertEquals(2, run("a.json", "--frobnicate"));
        assertEquals(2, run("does-not-exist.json", "--dry-run"));
        assertTrue(err().contains("no such file does-not-exist.json"), err());
        assertEquals(0, run("--help"));
        assertTrue(out().contains("usage: ./runwarden sweep FILE"));
    }

    @Test
    void numbersAreShownCompactly() {
        assertEquals("0.00005", MembersTable.format(5e-5));
        assertEquals("0.0008", MembersTable.format(8.000000000000001e-4));
        assertEquals("0.0001235", MembersTable.format(1.23456e-4));
        assertEquals("16", MembersTable.format(16));
        assertEquals("cosine", MembersTable.format("cosine"));
        assertEquals("1200", MembersTable.format(1200.0));
    }
}
