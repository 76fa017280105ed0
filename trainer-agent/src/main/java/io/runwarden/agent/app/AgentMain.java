package io.runwarden.agent.app;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.runwarden.agent.run.RunAssignment;
import io.runwarden.agent.run.RunOutcome;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * The agent's entry point. Job mode runs one run and returns its exit code (0 completed or stopped by a command,
 * 1 failed, 2 invalid configuration); pool mode takes run requests until the process is stopped.
 *
 * <p>Arguments override configuration: {@code --spec FILE}, {@code --run-id ID}, {@code --policy FILE},
 * {@code --sweep-id ID}, {@code --pool}, {@code --job}.
 */
@QuarkusMain
public class AgentMain implements QuarkusApplication {

    private static final Logger LOG = Logger.getLogger(AgentMain.class);

    @Inject
    AgentConfig config;
    @Inject
    AgentService service;

    public static void main(String... args) {
        Quarkus.run(AgentMain.class, args);
    }

    @Override
    public int run(String... args) {
        Arguments a;
        try {
            a = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            return RunOutcome.EXIT_INVALID;
        }
        String mode = a.mode().orElse(config.mode());
        if ("pool".equals(mode)) {
            if (!service.isPoolMode()) {
                try {
                    service.startPool();
                } catch (JobSource.InvalidJobConfig e) {
                    LOG.errorf("invalid configuration: %s", e.getMessage());
                    return RunOutcome.EXIT_INVALID;
                }
            }
            Quarkus.waitForExit();
            return 0;
        }
        if (!"job".equals(mode)) {
            LOG.errorf("runwarden.agent.mode: must be job or pool, was '%s'", mode);
            return RunOutcome.EXIT_INVALID;
        }
        RunAssignment run;
        try {
            run = JobSource.load(a.spec().or(config::specFile), a.runId().or(config::runId),
                    a.policy().or(config::policyFile), a.sweepId().or(config::sweepId), System.currentTimeMillis());
        } catch (JobSource.InvalidJobConfig e) {
            LOG.errorf("invalid configuration, nothing trained: %s", e.getMessage());
            return RunOutcome.EXIT_INVALID;
        }
        RunOutcome outcome = service.agent().runJob(run);
        LOG.infof("job %s: %s, exit code %d", run.runId(), outcome.invalid() ? "invalid spec: " + outcome.reason()
                : outcome.status().wireName(), outcome.exitCode());
        return outcome.exitCode();
    }

    /** The command line, parsed strictly: an unknown option is an error naming it. */
    record Arguments(Optional<String> mode, Optional<String> spec, Optional<String> runId, Optional<String> policy,
                     Optional<String> sweepId) {

        static Arguments parse(String... args) {
            Optional<String> mode = Optional.empty();
            Optional<String> spec = Optional.empty();
            Optional<String> runId = Optional.empty();
            Optional<String> policy = Optional.empty();
            Optional<String> sweep = Optional.empty();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--pool" -> mode = Optional.of("pool");
                    case "--job" -> mode = Optional.of("job");
                    case "--spec" -> spec = Optional.of(value(args, ++i, "--spec"));
                    case "--run-id" -> runId = Optional.of(value(args, ++i, "--run-id"));
                    case "--policy" -> policy = Optional.of(value(args, ++i, "--policy"));
                    case "--sweep-id" -> sweep = Optional.of(value(args, ++i, "--sweep-id"));
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                            + "' (expected --spec FILE, --run-id ID, --policy FILE, --sweep-id ID, --pool, --job)");
                }
            }
            return new Arguments(mode, spec, runId, policy, sweep);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
