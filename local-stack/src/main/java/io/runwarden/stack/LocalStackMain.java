package io.runwarden.stack;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./runwarden up}: runs the platform locally and a demo fleet that shows auto-stopping at work, with a
 * live summary in the terminal. Ends by itself when the fleet is done (unless {@code --keep-running}); Ctrl-C
 * stops everything cleanly.
 */
public final class LocalStackMain {

    private static final String USAGE = """
            usage: ./runwarden up [options]
              --runs N            run only the first N runs of the fleet (default: all)
              --fleet FILE        a fleet file (JSON array of {runId, description, spec, policy}); default: the demo
              --kafka HOST:PORT   use an existing Kafka instead of the embedded broker
              --kafka-port N      the embedded broker's port (default 9092; 0 = any free port)
              --port N            dashboard HTTP port (default 8080)
              --keep-running      keep the platform up after the fleet finished, until Ctrl-C
              --timeout SECONDS   give up on the fleet after this long (default 600)
              --work-dir DIR      logs, checkpoints, the base model and broker data (default .runwarden)
              --pretrain-steps N  steps of the one-time base-model pretraining (default 600)
              --pool N            also start N pool agents taking run requests (./runwarden sweep, POST /api/runs);
                                  implies --keep-running
            The dashboard's operator token is taken from RUNWARDEN_DASHBOARD_TOKEN, or generated and printed.""";

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("runwarden.home", ".")).toAbsolutePath().normalize();
        Path workDir = home.resolve(".runwarden");
        Path fleetFile = null;
        String kafka = null;
        int runs = 0;
        int port = 8080;
        boolean keepRunning = false;
        Duration timeout = Duration.ofSeconds(600);
        int pretrainSteps = 600;
        int poolAgents = 0;
        int kafkaPort = 9092;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(value(args, ++i));
                case "--fleet" -> fleetFile = Path.of(value(args, ++i));
                case "--kafka" -> kafka = value(args, ++i);
                case "--port" -> port = Integer.parseInt(value(args, ++i));
                case "--keep-running" -> keepRunning = true;
                case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(value(args, ++i)));
                case "--work-dir" -> workDir = Path.of(value(args, ++i)).toAbsolutePath();
                case "--pretrain-steps" -> pretrainSteps = Integer.parseInt(value(args, ++i));
                case "--pool" -> poolAgents = Integer.parseInt(value(args, ++i));
                case "--kafka-port" -> kafkaPort = Integer.parseInt(value(args, ++i));
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> fail("unknown option " + args[i]);
            }
        }
        List<FleetRun> fleet;
        try {
            fleet = fleetFile == null ? Fleet.loadDefault() : Fleet.load(fleetFile);
        } catch (IllegalArgumentException | java.io.IOException e) {
            fail(e.getMessage());
            return;
        }
        keepRunning |= poolAgents > 0;
        if (runs > 0 && runs < fleet.size()) {
            fleet = fleet.subList(0, runs);
        }
        String token = System.getenv().getOrDefault("RUNWARDEN_DASHBOARD_TOKEN", randomToken());
        StackOptions options = new StackOptions(home, workDir, fleetFile, runs, kafka, port, 0, keepRunning,
                timeout, token, workDir.resolve("base/demo"), pretrainSteps, poolAgents, kafkaPort);
        run(new LocalStack(options, fleet), options);
    }

    private static void run(LocalStack stack, StackOptions options) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nrunwarden: stopping...");
            stack.close();
            closed.countDown();
        }, "runwarden-up-shutdown"));
        Instant begin = Instant.now();
        System.out.println("runwarden: starting Kafka, the analyzer and the dashboard...");
        stack.start();
        System.out.println("runwarden: Kafka at " + stack.bootstrapServers());
        System.out.println("runwarden: dashboard at " + stack.dashboardUrl() + "  (operator token: "
                + options.dashboardToken() + ")");
        for (FleetRun run : stack.fleet()) {
            System.out.println("  " + run.runId() + ": " + run.description());
        }
        System.out.println("runwarden: logs in " + options.workDir().resolve("logs") + "; Ctrl-C stops everything");
        SummaryPrinter printer = new SummaryPrinter(System.out, System.console() != null);
        Thread ticker = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    printer.print(stack.board().snapshot());
                    Thread.sleep(System.console() != null ? 1000 : 10_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "runwarden-summary");
        ticker.setDaemon(true);
        ticker.start();
        boolean done = stack.awaitFleet(options.timeout());
        ticker.interrupt();
        ticker.join();
        printer.print(stack.board().snapshot());
        System.out.printf("runwarden: fleet %s after %d s%n", done ? "finished" : "did not finish",
                Duration.between(begin, Instant.now()).toSeconds());
        if (options.keepRunning()) {
            System.out.println("runwarden: still serving the dashboard at " + stack.dashboardUrl()
                    + " — Ctrl-C stops everything");
            closed.await();
        }
        System.exit(done ? 0 : 1);
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            fail(args[index - 1] + " needs a value");
        }
        return args[index];
    }

    private static void fail(String message) {
        System.err.println("runwarden up: " + message);
        System.err.println(USAGE);
        System.exit(2);
    }
}
