package io.runwarden.analyzer.replay;

import io.runwarden.protocol.codec.ProtocolJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replay over the shipped example (docs/examples) and its error handling. */
class ReplayMainTest {

    private static final Path EXAMPLES = Path.of("..", "docs", "examples");

    private record Result(int exit, List<String> out, String err) {
    }

    private static Result replay(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ReplayMain.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        return new Result(exit, text.isEmpty() ? List.of() : List.of(text.split("\n")), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void exampleRunsAreStoppedAsDocumented() throws Exception {
        Result r = replay("", "--policy", EXAMPLES.resolve("replay-policy.json").toString(),
                EXAMPLES.resolve("replay-runs.jsonl").toString());
        assertEquals(0, r.exit, r.err);
        List<String> commands = r.out.stream().filter(l -> l.contains("\"topic\":\"runwarden.commands\"")).toList();
        assertEquals(3, commands.size(), String.join("\n", r.out));
        var stop = ProtocolJson.mapper().readTree(commands.get(2));
        assertEquals("demo-overfit", stop.get("key").asText());
        assertEquals("STOP", stop.get("value").get("type").asText());
        assertEquals("step-150", stop.get("value").get("restoreCheckpointId").asText());
        assertTrue(r.err.contains("run demo-overfit: 325 messages, stopped at step 200 by early-stopping (100 of 300"),
                r.err);
        assertTrue(r.err.contains("run demo-healthy: 128 messages, not stopped"), r.err);
    }

    @Test
    void sweepExamplePrunesTheWorstMemberOnce() throws Exception {
        Result r = replay("", EXAMPLES.resolve("replay-sweep.jsonl").toString());
        assertEquals(0, r.exit, r.err);
        List<String> commands = r.out.stream().filter(l -> l.contains("\"topic\":\"runwarden.commands\"")).toList();
        assertEquals(1, commands.size(), String.join("\n", r.out));
        var stop = ProtocolJson.mapper().readTree(commands.get(0));
        assertEquals("lr-sweep-3", stop.get("key").asText());
        assertEquals("STOP", stop.get("value").get("type").asText());
        assertEquals("lr-sweep-3/sweep-median-stopping/40", stop.get("value").get("commandId").asText());
        assertEquals(2.16, stop.get("value").get("evidence").get("median").asDouble(), 1e-9);
        assertTrue(r.err.contains("run lr-sweep-3: 47 messages, stopped at step 40 by sweep-median-stopping "
                + "(60 of 100 planned steps saved)"), r.err);
        assertTrue(r.err.contains("run lr-sweep-0: 112 messages, not stopped"), r.err);
    }

    @Test
    void readsStdin() throws Exception {
        String lines = Files.readString(EXAMPLES.resolve("replay-runs.jsonl"));
        Result r = replay(lines, "-");
        assertEquals(0, r.exit, r.err);
        assertTrue(r.out.stream().anyMatch(l -> l.contains("demo-diverging/divergence/84")), String.join("\n", r.out));
    }

    @Test
    void badInputLineIsNamedAndExitsTwo() {
        Result r = replay("{\"v\":1,\"type\":\"heartbeat\",\"runId\":\"a\",\"step\":1,\"ts\":5}\n\n{\"v\":1,\"type\":\"train\"}\n",
                "-");
        assertEquals(2, r.exit);
        assertTrue(r.err.contains("stdin line 3"), r.err);
    }

    @Test
    void badPolicyIsNamedAndExitsTwo(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("p.json");
        Files.writeString(policy, "{\"lossSpike\":{\"windw\":10}}");
        Result r = replay("", "--policy", policy.toString(), EXAMPLES.resolve("replay-runs.jsonl").toString());
        assertEquals(2, r.exit);
        assertTrue(r.err.contains("lossSpike.windw: unknown field"), r.err);
        Files.writeString(policy, "{not json");
        assertEquals(2, replay("", "--policy", policy.toString(), "-").exit);
    }
}
