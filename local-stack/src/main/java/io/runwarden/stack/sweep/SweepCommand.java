package io.runwarden.stack.sweep;

import io.runwarden.protocol.RunRequest;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.sweep.InvalidSweepException;
import io.runwarden.protocol.sweep.SweepExpander;
import io.runwarden.protocol.sweep.SweepPlan;
import io.runwarden.protocol.sweep.SweepPolicy;
import io.runwarden.protocol.sweep.SweepRequests;
import io.runwarden.protocol.sweep.SweepSpec;
import io.runwarden.protocol.sweep.SweepSpecCodec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code ./runwarden sweep FILE [--kafka HOST:PORT] [--dry-run]}: reads a sweep spec, expands it, prints the
 * members, and submits one run request per member. Exit codes: 0 done, 2 invalid spec or usage, 1 Kafka failed.
 */
public final class SweepCommand {

    static final String USAGE = """
            usage: ./runwarden sweep FILE [--kafka HOST:PORT] [--dry-run]
              FILE               a sweep spec (JSON); see docs/examples/lr-sweep.json
              --kafka HOST:PORT  the Kafka to submit to (default: $KAFKA_BOOTSTRAP_SERVERS, else localhost:9092)
              --dry-run          expand and print the members, submit nothing
            Kafka client settings (security) pass through as -Dkafka.<property>=<value> in JAVA_OPTS.""";

    public static final int OK = 0;
    public static final int KAFKA_FAILED = 1;
    public static final int INVALID = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Supplier<String> user;
    private final long now;

    public SweepCommand(PrintStream out, PrintStream err, Map<String, String> env, Supplier<String> user, long now) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.user = user;
        this.now = now;
    }

    public int run(String[] args) {
        Path file = null;
        String kafka = env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        boolean dryRun = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return OK;
                }
                case "--dry-run" -> dryRun = true;
                case "--kafka" -> {
                    if (i + 1 >= args.length) {
                        return usage("--kafka needs HOST:PORT");
                    }
                    kafka = args[++i];
                }
                default -> {
                    if (args[i].startsWith("-") || file != null) {
                        return usage("unexpected argument '" + args[i] + "'");
                    }
                    file = Path.of(args[i]);
                }
            }
        }
        if (file == null) {
            return usage("no sweep file given");
        }
        SweepPlan plan;
        try {
            plan = SweepExpander.expand(SweepSpecCodec.fromJson(Files.readString(file)));
        } catch (NoSuchFileException e) {
            err.println("runwarden sweep: no such file " + file);
            return INVALID;
        } catch (IOException e) {
            err.println("runwarden sweep: cannot read " + file + ": " + e.getMessage());
            return INVALID;
        } catch (InvalidSweepException e) {
            err.println("runwarden sweep: invalid sweep spec " + file + ":");
            e.errors().forEach(error -> err.println("  " + error));
            return INVALID;
        }
        printPlan(plan);
        if (dryRun) {
            out.println("dry run: nothing submitted");
            return OK;
        }
        // The pruning policy rides in each request's policy under "sweep", for the analyzer (SweepRequests).
        List<RunRequest> requests = SweepRequests.of(plan, "cli:" + user.get(), now);
        try (RunRequestPublisher publisher = new RunRequestPublisher(kafka, kafkaProperties())) {
            publisher.publish(requests);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("runwarden sweep: interrupted");
            return KAFKA_FAILED;
        } catch (RuntimeException e) {
            err.println("runwarden sweep: could not submit to Kafka at " + kafka + ": " + e.getMessage());
            return KAFKA_FAILED;
        }
        out.println("submitted " + requests.size() + " run requests to " + Topics.RUN_REQUESTS + " at " + kafka);
        return OK;
    }

    private void printPlan(SweepPlan plan) {
        SweepSpec spec = plan.spec();
        SweepPolicy p = spec.pruning();
        String pruning = switch (p.rule()) {
            case SweepPolicy.RULE_MEDIAN -> "median stopping rule on " + p.metric() + " (" + p.mode()
                    + "), minMembers " + p.minMembers() + ", graceEvals " + p.graceEvals() + ", graceSteps "
                    + p.graceSteps();
            case SweepPolicy.RULE_ASHA -> "ASHA on " + p.metric() + " (" + p.mode() + "), rungs " + p.ashaRungs()
                    + ", eta " + p.eta();
            default -> "none";
        };
        out.println("sweep " + spec.sweepId() + ": " + plan.members().size() + " members"
                + (plan.droppedByBudget() > 0 ? " (budget kept " + plan.members().size() + " of " + plan.expanded()
                + " combinations)" : "")
                + (spec.linearScaling() ? ", learning rate scaled linearly with the effective batch" : ""));
        out.println("pruning: " + pruning);
        out.println();
        out.print(MembersTable.render(plan));
        out.println();
    }

    /** {@code -Dkafka.x=y} system properties, as Kafka client properties {@code x=y}. */
    private static Map<String, String> kafkaProperties() {
        Map<String, String> props = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("kafka.") && !k.equals("kafka.bootstrap.servers"))
                .forEach(k -> props.put(k.substring("kafka.".length()), System.getProperty(k)));
        return props;
    }

    private int usage(String problem) {
        err.println("runwarden sweep: " + problem);
        err.println(USAGE);
        return INVALID;
    }

    public static void main(String[] args) {
        int code = new SweepCommand(System.out, System.err, System.getenv(),
                () -> System.getProperty("user.name", "unknown"), System.currentTimeMillis()).run(args);
        System.exit(code);
    }
}
