package io.runwarden.agent.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.runwarden.agent.kafka.KafkaSettings;
import io.runwarden.agent.run.Agent;
import io.runwarden.agent.run.AgentMetrics;
import io.runwarden.agent.run.AgentSettings;
import io.runwarden.agent.run.RunAssignment;
import io.runwarden.agent.run.RunOutcome;
import io.runwarden.agent.telemetry.ProgressLog;
import io.runwarden.agent.telemetry.ReportMapper;
import io.runwarden.agent.telemetry.TelemetryListener;
import io.runwarden.agent.testing.MetricsReader;
import io.runwarden.engine.DjlTrainingJobFactory;
import io.runwarden.engine.JobOptions;
import io.runwarden.engine.StepReport;
import io.runwarden.engine.TrainingJob;
import io.runwarden.engine.TrainingListener;
import io.runwarden.localkafka.EmbeddedKafkaBroker;
import io.runwarden.localkafka.TopicBootstrap;
import io.runwarden.protocol.MetricType;
import io.runwarden.protocol.RunSpec;
import io.runwarden.protocol.TrainStep;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.codec.ProtocolCodec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * {@code ./runwarden bench-agent}: real DJL training of the default (demo) model, with the agent's telemetry on
 * (every step through the buffer and an idempotent producer into an in-process Kafka broker, plus the command
 * consumer and heartbeats) and off (the engine alone with a listener that only records). Prints the step time
 * and samples/s of each, alternating the two so that machine load affects both alike. Not a test: the figures
 * depend on the machine.
 *
 * <p>Arguments: {@code --steps N} (per measured run, default 40), {@code --rounds N} (default 2),
 * {@code --bootstrap HOST:PORT} (use that broker, e.g. {@code ./runwarden kafka} in another process, instead of
 * the in-process one; its topics must exist).
 */
public final class AgentBenchmark {

    public static void main(String[] args) throws Exception {
        int steps = intArg(args, "--steps", 40);
        int rounds = intArg(args, "--rounds", 2);
        Path work = Files.createTempDirectory("runwarden-bench-agent-");
        RunSpec spec = ProtocolCodec.specFromJson("{\"maxSteps\":" + steps + ",\"evalEverySteps\":" + (steps + 1)
                + ",\"checkpointEverySteps\":" + (steps + 1) + "}");
        RunSpec warm = ProtocolCodec.specFromJson("{\"maxSteps\":5}");
        DjlTrainingJobFactory factory = new DjlTrainingJobFactory();
        System.out.printf(Locale.ROOT, "runwarden bench-agent: demo preset (RunSpec defaults), %d steps per run, "
                + "%d rounds; PyTorch threads %s%n", steps, rounds,
                System.getProperty("RUNWARDEN_TORCH_THREADS", System.getenv().getOrDefault("RUNWARDEN_TORCH_THREADS",
                        "1")));

        String external = stringArg(args, "--bootstrap");
        try (EmbeddedKafkaBroker broker = external == null ? EmbeddedKafkaBroker.builder().build().start() : null) {
            String bootstrap = external != null ? external : broker.bootstrapServers();
            TopicBootstrap.createProtocolTopics(bootstrap, Topics.DEFAULT_PARTITIONS);
            System.out.println("Kafka: " + (external != null ? "external broker at " + external
                    : "in-process broker"));
            KafkaSettings kafka = KafkaSettings.of(bootstrap);
            try (Agent agent = new Agent(new AgentSettings("bench", work, false, Duration.ofSeconds(5), 0,
                    Duration.ofSeconds(60)), kafka, factory, new SimpleMeterRegistry(), 10_000)) {
                trainAlone(factory, warm, work.resolve("warmup"));
                List<Double> off = new ArrayList<>();
                List<Double> offSamples = new ArrayList<>();
                List<Double> on = new ArrayList<>();
                List<Double> onSamples = new ArrayList<>();
                for (int r = 1; r <= rounds; r++) {
                    List<StepReport> alone = trainAlone(factory, spec, work.resolve("off-" + r));
                    alone.forEach(s -> {
                        off.add(s.stepMillis());
                        offSamples.add(s.samplesPerSec());
                    });
                    List<TrainStep> published = trainWithTelemetry(agent, spec, bootstrap);
                    published.forEach(s -> {
                        on.add(s.stepMillis());
                        onSamples.add(s.samplesPerSec());
                    });
                    System.out.printf(Locale.ROOT, "round %d: telemetry off %.1f ms/step, on %.1f ms/step "
                            + "(medians)%n", r, median(alone.stream().map(StepReport::stepMillis).toList()),
                            median(published.stream().map(TrainStep::stepMillis).toList()));
                }
                System.out.println();
                System.out.printf(Locale.ROOT, "%-15s %12s %12s %12s %12s%n", "telemetry", "median ms", "p90 ms",
                        "mean ms", "samples/s");
                row("off", off, offSamples);
                row("on (Kafka)", on, onSamples);
                double overhead = 100.0 * (median(on) - median(off)) / median(off);
                System.out.printf(Locale.ROOT, "telemetry overhead on the median step: %+.1f%% "
                        + "(dropped %d, buffer capacity %d)%n", overhead, agent.buffer().droppedCount(),
                        agent.buffer().capacity());
                listenerCost(agent);
            }
        }
    }

    /**
     * What telemetry costs the training thread itself: one {@code trainStep} callback (map the report to a
     * protocol message, offer it to the buffer, count it) with the sender draining into Kafka meanwhile.
     */
    private static void listenerCost(Agent agent) throws InterruptedException {
        TelemetryListener listener = new TelemetryListener(new ReportMapper(new ReportMapper.RunIdentity(
                "bench-listener", "bench", null, null), System::currentTimeMillis), agent.buffer(),
                new ProgressLog("bench-listener", 0, System::nanoTime),
                new AgentMetrics(new SimpleMeterRegistry(), agent.buffer()));
        int calls = 5_000;
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            StepReport r = new StepReport(i + 1, i / 100.0, 2.0, 2e-4, 0.9, 300, 19_000, 50);
            long t0 = System.nanoTime();
            listener.trainStep(r);
            nanos[i] = System.nanoTime() - t0;
        }
        agent.flush();
        java.util.Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "training-thread cost of one train message (map + offer + count), %d calls: "
                + "median %.1f µs, p99 %.1f µs, max %.1f µs%n", calls, nanos[calls / 2] / 1e3,
                nanos[(int) (calls * 0.99)] / 1e3, nanos[calls - 1] / 1e3);
    }

    private static List<StepReport> trainAlone(DjlTrainingJobFactory factory, RunSpec spec, Path dir) {
        List<StepReport> steps = new ArrayList<>();
        try (TrainingJob job = factory.prepare("bench-off", spec, new JobOptions(dir, false))) {
            job.run(new TrainingListener() {
                @Override
                public void trainStep(StepReport report) {
                    steps.add(report);
                }
            }, null);
        }
        return steps;
    }

    private static List<TrainStep> trainWithTelemetry(Agent agent, RunSpec spec, String bootstrap) {
        String runId = "bench-on-" + UUID.randomUUID().toString().substring(0, 8);
        RunOutcome outcome = agent.runJob(new RunAssignment(runId, spec, null, null));
        if (outcome.exitCode() != 0) {
            throw new IllegalStateException("benchmark run failed: " + outcome.reason());
        }
        try (MetricsReader reader = new MetricsReader(bootstrap, runId)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!reader.has(MetricType.RUN_FINISHED) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            return reader.ofType(MetricType.TRAIN).stream().map(e -> (TrainStep) e).toList();
        }
    }

    private static void row(String name, List<Double> millis, List<Double> samples) {
        List<Double> sorted = millis.stream().sorted(Comparator.naturalOrder()).toList();
        System.out.printf(Locale.ROOT, "%-15s %12.1f %12.1f %12.1f %12.1f%n", name, median(millis),
                sorted.get((int) Math.min(sorted.size() - 1, Math.floor(sorted.size() * 0.9))),
                millis.stream().mapToDouble(d -> d).average().orElse(0), median(samples));
    }

    private static double median(List<Double> values) {
        List<Double> s = values.stream().sorted().toList();
        return s.isEmpty() ? Double.NaN : s.get(s.size() / 2);
    }

    private static String stringArg(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
