package io.runwarden.analyzer.replay;

import io.runwarden.analyzer.policy.InvalidPolicyException;
import io.runwarden.analyzer.policy.PolicyParser;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.codec.ProtocolCodec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./runwarden replay [--policy FILE.json] INPUT.jsonl}: backtests a stop policy on recorded runs. Commands
 * and alerts go to stdout as JSON lines, a summary per run to stderr. Exit 0, or 2 for an unreadable policy or
 * input (naming the field or line).
 */
public final class ReplayMain {

    private ReplayMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    static int run(String[] args, java.io.InputStream stdin, PrintStream out, PrintStream err) {
        String policyFile = null;
        String input = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--policy" -> {
                    if (++i >= args.length) {
                        return usage(err, "--policy needs a file");
                    }
                    policyFile = args[i];
                }
                case "-h", "--help" -> {
                    usage(out, null);
                    return 0;
                }
                default -> {
                    if (input != null || (args[i].startsWith("-") && !args[i].equals("-"))) {
                        return usage(err, "unexpected argument " + args[i]);
                    }
                    input = args[i];
                }
            }
        }
        if (input == null) {
            return usage(err, "no input file");
        }
        PolicyParser policies;
        try {
            policies = policyFile == null ? PolicyParser.builtIn() : PolicyParser.fromFile(Path.of(policyFile));
        } catch (InvalidPolicyException e) {
            err.println("runwarden replay: invalid policy " + policyFile + ": " + e.getMessage());
            return 2;
        }
        List<MetricEvent> events = new ArrayList<>();
        String source = input.equals("-") ? "stdin" : input;
        try (BufferedReader reader = input.equals("-")
                ? new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    events.add(ProtocolCodec.decodeMetric(line));
                } catch (RuntimeException e) {
                    err.println("runwarden replay: " + source + " line " + number + ": " + e.getMessage());
                    return 2;
                }
            }
        } catch (IOException e) {
            err.println("runwarden replay: cannot read " + source + ": " + e.getMessage());
            return 2;
        }
        var runs = new ReplayRunner(policies).replay(events, out::println);
        out.flush();
        runs.values().forEach(r -> err.println(r.describe()));
        return 0;
    }

    private static int usage(PrintStream stream, String problem) {
        if (problem != null) {
            stream.println("runwarden replay: " + problem);
        }
        stream.println("usage: runwarden replay [--policy FILE.json] INPUT.jsonl   (- reads stdin)");
        return problem == null ? 0 : 2;
    }
}
