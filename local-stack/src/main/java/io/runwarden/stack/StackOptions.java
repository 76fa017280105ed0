package io.runwarden.stack;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Options of {@code ./runwarden up}.
 *
 * @param home             the repository root (where the services' fast-jars are built)
 * @param workDir          logs, checkpoints, base model and the broker's data ({@code .runwarden/})
 * @param fleetFile        a fleet JSON file; null runs the demo fleet
 * @param maxRuns          run only the first N runs of the fleet (0 = all)
 * @param kafkaBootstrap   an existing Kafka to use; null starts the embedded broker
 * @param dashboardPort    the dashboard's HTTP port (0 = any free port)
 * @param analyzerPort     the analyzer's HTTP port (0 = any free port)
 * @param keepRunning      stay up after the fleet finished, until Ctrl-C
 * @param timeout          give up on the fleet after this long
 * @param dashboardToken   the operator bearer token of the local dashboard
 * @param baseModelDir     the project's own base model; fleet specs name it {@code "model": "@base"}, and it is
 *                         pretrained there on first use
 * @param pretrainSteps    optimizer steps of that pretraining
 * @param poolAgents       agents to start in pool mode (taking run requests, e.g. a sweep's members)
 * @param kafkaPort        the embedded broker's port (0 = any free port); other tools reach it there
 */
record StackOptions(Path home, Path workDir, Path fleetFile, int maxRuns, String kafkaBootstrap, int dashboardPort,
                    int analyzerPort, boolean keepRunning, Duration timeout, String dashboardToken,
                    Path baseModelDir, int pretrainSteps, int poolAgents, int kafkaPort) {

    /** What a fleet spec writes for the project's own base model. */
    static final String BASE_MODEL = "@base";
}
