package io.runwarden.stack;

import io.runwarden.localkafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import io.runwarden.localkafka.TopicBootstrap;
import io.runwarden.protocol.RunSpec;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.codec.ProtocolCodec;
import io.runwarden.protocol.codec.ProtocolJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The whole platform on one machine: the embedded Kafka broker (or an existing one), the analyzer, the dashboard
 * and one trainer agent per fleet run (job mode), each service a child JVM running its built fast-jar.
 */
final class LocalStack implements AutoCloseable {

    /** The consumer group of pool agents on runwarden.run-requests. */
    static final String POOL_GROUP = "runwarden-agents";

    private final StackOptions options;
    private final List<FleetRun> fleet;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final Map<String, ServiceProcess> agents = new LinkedHashMap<>();
    private EmbeddedKafkaBroker broker;
    private Path runsDir;
    private RunBoard board;
    private String bootstrap;
    private int dashboardPort;

    LocalStack(StackOptions options, List<FleetRun> fleet) {
        this.options = options;
        this.fleet = List.copyOf(fleet);
    }

    /** Starts everything and returns once the analyzer and dashboard are ready and the agents launched. */
    LocalStack start() throws InterruptedException {
        Path logs = options.workDir().resolve("logs");
        bootstrap = options.kafkaBootstrap();
        if (bootstrap == null) {
            broker = EmbeddedKafkaBroker.builder().port(options.kafkaPort()).dataDir(freshDir("kafka")).build()
                    .start();
            bootstrap = broker.bootstrapServers();
        }
        TopicBootstrap.createProtocolTopics(bootstrap, Topics.DEFAULT_PARTITIONS);
        board = new RunBoard(bootstrap, fleet.stream().map(FleetRun::runId).toList());

        int analyzerPort = options.analyzerPort() > 0 ? options.analyzerPort() : freePort();
        dashboardPort = options.dashboardPort() > 0 ? options.dashboardPort() : freePort();
        ServiceProcess analyzer = ServiceProcess.startJar("analyzer", fastJar("stream-analyzer"),
                List.of("-Xmx384m"), Map.of(
                        "kafka.bootstrap.servers", bootstrap,
                        "quarkus.kafka-streams.bootstrap-servers", bootstrap,
                        "kafka-streams.state.dir", freshDir("analyzer-state").toString(),
                        // A fresh application id per stack: a Kafka Streams instance does not leave its group on
                        // close, so reusing the id on a shared broker would stall the next analyzer for a session
                        // timeout (45 s) before it processes anything.
                        "quarkus.kafka-streams.application-id", "runwarden-analyzer-" + Long.toHexString(
                                System.nanoTime() & 0xffffffL),
                        "quarkus.http.port", String.valueOf(analyzerPort)), options.home(), logs);
        services.add(analyzer);
        ServiceProcess dashboard = ServiceProcess.startJar("dashboard", fastJar("dashboard-api"),
                List.of("-Xmx384m"), Map.of(
                        "kafka.bootstrap.servers", bootstrap,
                        "quarkus.http.port", String.valueOf(dashboardPort),
                        "runwarden.dashboard.auth.tokens", options.dashboardToken() + "=local:operator|viewer"),
                options.home(), logs);
        services.add(dashboard);
        awaitReady(analyzer, analyzerPort);
        awaitReady(dashboard, dashboardPort);

        prepareBaseModel(logs);
        // Every stack starts its runs afresh: an agent would otherwise resume a run id from an earlier stack's
        // checkpoints (the right thing for a re-delivered request, the wrong one for a new demo).
        runsDir = freshDir("runs");
        Path specs = freshDir("specs");
        for (FleetRun run : fleet) {
            agents.put(run.runId(), startAgent(run, specs, logs));
        }
        for (int i = 1; i <= options.poolAgents(); i++) {
            services.add(startPoolAgent("pool-agent-" + i, logs));
        }
        if (options.poolAgents() > 0) {
            awaitPoolGroup(options.poolAgents());
        }
        return this;
    }

    /**
     * Waits until every pool agent has joined the run-requests consumer group and it is stable, so requests
     * submitted next are spread over all agents instead of queueing behind the first one that joined.
     */
    private void awaitPoolGroup(int agents) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (Instant.now().isBefore(deadline)) {
                try {
                    ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(POOL_GROUP))
                            .describedGroups().get(POOL_GROUP).get(10, TimeUnit.SECONDS);
                    if (group.groupState() == GroupState.STABLE && group.members().size() == agents) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // the group does not exist yet
                }
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("the " + agents + " pool agents did not all join " + POOL_GROUP
                + " within 180 s");
    }

    /** A trainer agent in pool mode: takes run requests (e.g. a sweep's members) one at a time until stopped. */
    private ServiceProcess startPoolAgent(String name, Path logs) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kafka.bootstrap.servers", bootstrap);
        props.put("runwarden.agent.mode", "pool");
        props.put("runwarden.agent.id", "local-" + name);
        props.put("runwarden.agent.work-dir", runsDir.toString());
        props.put("quarkus.http.port", "0");
        props.put("ai.djl.offline", "true");
        return ServiceProcess.startJar(name, fastJar("trainer-agent"), List.of("-Xmx512m"), props, options.home(),
                logs);
    }

    /** The base model's directory, for specs submitted from outside the fleet (e.g. sweeps). */
    Path baseModelDir() {
        return options.baseModelDir();
    }

    /**
     * Pretrains the project's own base model (the engine's {@code PretrainMain}, from the agent's fast-jar) when a
     * fleet run fine-tunes {@code @base} and it is not there yet. Nothing is downloaded.
     */
    private void prepareBaseModel(Path logs) throws InterruptedException {
        boolean needed = options.poolAgents() > 0
                || fleet.stream().anyMatch(run -> StackOptions.BASE_MODEL.equals(run.spec().model()));
        if (!needed || Files.exists(options.baseModelDir().resolve("model.json"))) {
            return;
        }
        System.out.println("runwarden: pretraining the base model (" + options.pretrainSteps() + " steps, once) into "
                + options.baseModelDir());
        Path lib = options.home().resolve("trainer-agent/target/quarkus-app/lib/main");
        ServiceProcess pretrain = ServiceProcess.startMain("pretrain", lib + "/*",
                "io.runwarden.engine.cli.PretrainMain", List.of("-Xmx1g", "-Dai.djl.offline=true"),
                List.of("--out", options.baseModelDir().toString(), "--steps",
                        String.valueOf(options.pretrainSteps())), options.home(), logs);
        if (!pretrain.awaitExit(Duration.ofMinutes(10)) || pretrain.exitCode() != 0) {
            pretrain.close();
            throw new IllegalStateException("pretraining the base model failed:\n" + pretrain.logTail(30));
        }
    }

    /** The spec an agent runs: {@code @base} becomes the base model's path, relative paths become absolute. */
    private RunSpec resolvePaths(RunSpec spec) {
        String model = StackOptions.BASE_MODEL.equals(spec.model()) ? options.baseModelDir().toString()
                : absolute(spec.model());
        return new RunSpec(model, spec.modelPreset(), spec.layers(), spec.dModel(), spec.heads(),
                spec.contextLength(), absolute(spec.dataset()), spec.validationFraction(), spec.maxTrainExamples(),
                spec.finetune(), spec.loraRank(), spec.loraAlpha(), spec.loraTargets(), spec.learningRate(),
                spec.schedule(), spec.warmupRatio(), spec.warmupSteps(), spec.wsdStableFraction(), spec.epochs(),
                spec.maxSteps(), spec.batchSize(), spec.gradAccumulation(), spec.maxGradNorm(), spec.weightDecay(),
                spec.seed(), spec.evalEverySteps(), spec.checkpointEverySteps(), spec.keepLastCheckpoints(),
                spec.device());
    }

    private String absolute(String path) {
        return path == null ? null : options.home().resolve(path).toAbsolutePath().normalize().toString();
    }

    String bootstrapServers() {
        return bootstrap;
    }

    String dashboardUrl() {
        return "http://localhost:" + dashboardPort + "/";
    }

    int dashboardPort() {
        return dashboardPort;
    }

    RunBoard board() {
        return board;
    }

    List<FleetRun> fleet() {
        return fleet;
    }

    /** Exit codes of the agents that have ended (job mode: 0 completed or stopped, 1 failed, 2 bad config). */
    Map<String, Integer> agentExitCodes() {
        Map<String, Integer> codes = new LinkedHashMap<>();
        agents.forEach((runId, agent) -> codes.put(runId, agent.exitCode()));
        return codes;
    }

    /**
     * Waits until the board has seen every run of the fleet finish. Gives up at the deadline, or 15 s after the
     * last agent process ended without the board seeing every run finish (an agent that died).
     */
    boolean awaitFleet(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        List<String> runIds = fleet.stream().map(FleetRun::runId).toList();
        Instant agentsEndedAt = null;
        while (Instant.now().isBefore(deadline)) {
            if (board.allFinished(runIds)) {
                return true;
            }
            if (agents.values().stream().noneMatch(ServiceProcess::isAlive)) {
                agentsEndedAt = agentsEndedAt == null ? Instant.now() : agentsEndedAt;
                if (Instant.now().isAfter(agentsEndedAt.plusSeconds(15))) {
                    return false;
                }
            }
            Thread.sleep(250);
        }
        return false;
    }

    String logTail(String service, int lines) {
        return services.stream().filter(s -> s.name().equals(service)).findFirst()
                .or(() -> agents.values().stream().filter(a -> a.name().equals(service)).findFirst())
                .map(s -> s.logTail(lines)).orElse("(no such service " + service + ")");
    }

    private ServiceProcess startAgent(FleetRun run, Path specs, Path logs) {
        try {
            Path specFile = specs.resolve(run.runId() + ".spec.json");
            Files.write(specFile, ProtocolJson.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(ProtocolCodec.specToJson(resolvePaths(run.spec()))));
            Map<String, String> props = new LinkedHashMap<>();
            props.put("kafka.bootstrap.servers", bootstrap);
            props.put("runwarden.agent.mode", "job");
            props.put("runwarden.agent.id", "local-" + run.runId());
            props.put("runwarden.agent.run-id", run.runId());
            props.put("runwarden.agent.spec-file", specFile.toString());
            props.put("runwarden.agent.work-dir", runsDir.toString());
            props.put("quarkus.http.port", "0");
            props.put("ai.djl.offline", "true");
            if (run.policy() != null) {
                Path policyFile = specs.resolve(run.runId() + ".policy.json");
                Files.write(policyFile, ProtocolJson.mapper().writeValueAsBytes(run.policy()));
                props.put("runwarden.agent.policy-file", policyFile.toString());
            }
            return ServiceProcess.startJar("agent-" + run.runId(), fastJar("trainer-agent"), List.of("-Xmx512m"),
                    props, options.home(), logs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the spec of " + run.runId(), e);
        }
    }

    private void awaitReady(ServiceProcess service, int port) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (!service.isAlive()) {
                throw new IllegalStateException(service.name() + " exited with " + service.exitCode() + ":\n"
                        + service.logTail(40));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException(service.name() + " not ready within 120 s:\n" + service.logTail(40));
    }

    private Path fastJar(String module) {
        Path jar = options.home().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build with ./mvnw -B package -DskipTests");
        }
        return jar;
    }

    private Path freshDir(String name) {
        try {
            Path dir = options.workDir().resolve(name);
            if (Files.exists(dir)) {
                try (var paths = Files.walk(dir)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + name + " under " + options.workDir(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        // Agents first (they may still publish), all at once; then the services, newest first.
        agents.values().forEach(ServiceProcess::requestStop);
        agents.values().forEach(ServiceProcess::close);
        services.forEach(ServiceProcess::requestStop);
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        if (board != null) {
            board.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
