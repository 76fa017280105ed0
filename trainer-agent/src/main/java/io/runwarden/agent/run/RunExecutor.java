package io.runwarden.agent.run;

import io.runwarden.agent.commands.CommandListener;
import io.runwarden.agent.commands.DirectiveQueue;
import io.runwarden.agent.kafka.DeadLetters;
import io.runwarden.agent.kafka.KafkaSettings;
import io.runwarden.agent.telemetry.ProgressLog;
import io.runwarden.agent.telemetry.ReportMapper;
import io.runwarden.agent.telemetry.TelemetryBuffer;
import io.runwarden.agent.telemetry.TelemetryListener;
import io.runwarden.engine.FinishReport;
import io.runwarden.engine.InvalidSpecException;
import io.runwarden.engine.JobOptions;
import io.runwarden.engine.TrainingJob;
import io.runwarden.engine.TrainingJobFactory;
import io.runwarden.protocol.FieldError;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.RunFinished;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Executes one run on the calling thread (the training thread): prepares the job (an invalid spec ends here,
 * before any compute), starts the run's command consumer and heartbeats, trains, and reports every event to
 * the telemetry buffer. Knows the engine's interfaces, not how it trains.
 */
public final class RunExecutor {

    private static final Logger LOG = Logger.getLogger(RunExecutor.class);

    private final TrainingJobFactory factory;
    private final TelemetryBuffer buffer;
    private final KafkaSettings kafka;
    private final DeadLetters deadLetters;
    private final AgentMetrics metrics;
    private final AgentSettings settings;
    private final ScheduledExecutorService timer;
    private final LongSupplier clock;
    private volatile Abandonable active;

    public RunExecutor(TrainingJobFactory factory, TelemetryBuffer buffer, KafkaSettings kafka,
                       DeadLetters deadLetters, AgentMetrics metrics, AgentSettings settings,
                       ScheduledExecutorService timer, LongSupplier clock) {
        this.factory = factory;
        this.buffer = buffer;
        this.kafka = kafka;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.settings = settings;
        this.timer = timer;
        this.clock = clock;
    }

    public RunOutcome execute(RunAssignment run) {
        long runStart = clock.getAsLong();
        ReportMapper mapper = new ReportMapper(
                new ReportMapper.RunIdentity(run.runId(), settings.agentId(), run.sweepId(), run.policy()), clock);
        TrainingJob job;
        try {
            List<FieldError> errors = run.spec().validate();
            if (!errors.isEmpty()) {
                throw new InvalidSpecException(errors);
            }
            job = factory.prepare(run.runId(), run.spec(),
                    new JobOptions(settings.workDir().resolve(run.runId()), settings.resume()));
        } catch (InvalidSpecException e) {
            LOG.errorf("run %s not started: %s", run.runId(), e.getMessage());
            return endedBeforeStart(mapper, RunOutcome.invalid(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "run %s could not be prepared", run.runId());
            return endedBeforeStart(mapper, new RunOutcome(FinishStatus.FAILED,
                    "could not prepare the run: " + e, false, 0));
        }

        TelemetryListener listener = new TelemetryListener(mapper, buffer,
                new ProgressLog(run.runId(), settings.progressEvery(), System::nanoTime), metrics);
        DirectiveQueue directives = new DirectiveQueue();
        long hb = settings.heartbeatInterval().toMillis();
        try (job; CommandListener commands = new CommandListener(kafka, settings.agentId(), run.runId(), runStart,
                directives, deadLetters, metrics).start()) {
            ScheduledFuture<?> heartbeats = timer.scheduleAtFixedRate(listener::heartbeat, hb, hb,
                    TimeUnit.MILLISECONDS);
            active = new Abandonable(run.runId(), listener, directives);
            try {
                FinishReport report = job.run(listener, directives);
                if (active.abandoned) {
                    LOG.warnf("run %s abandoned at step %d; another agent resumes it", run.runId(),
                            listener.currentStep());
                    return RunOutcome.abandoned(listener.currentStep());
                }
                LOG.infof("run %s %s at step %d%s", run.runId(), report.status().wireName(), report.step(),
                        report.reason() == null ? "" : ": " + report.reason());
                return new RunOutcome(report.status(), report.reason(), false, report.step());
            } catch (RunAbandoned e) {
                return RunOutcome.abandoned(listener.currentStep());
            } catch (RuntimeException e) {
                // The engine reports failures itself; this is the safety net so run-finished is never missing.
                LOG.errorf(e, "run %s failed", run.runId());
                RunFinished finished = new RunFinished(run.runId(), listener.currentStep(), clock.getAsLong(),
                        FinishStatus.FAILED, "agent error: " + e, null);
                buffer.offer(finished);
                metrics.runFinished(FinishStatus.FAILED);
                return new RunOutcome(FinishStatus.FAILED, finished.reason(), false, listener.currentStep());
            } finally {
                heartbeats.cancel(false);
                active = null;
            }
        }
    }

    /**
     * Ends the run in progress (if any) at the next step boundary without finishing it: nothing more of it is
     * published. Returns whether a run was abandoned.
     */
    public boolean abandonActiveRun() {
        Abandonable a = active;
        if (a == null) {
            return false;
        }
        a.abandoned = true;
        a.listener.detach();
        a.directives.abandon(a.runId);
        return true;
    }

    private static final class Abandonable {
        final String runId;
        final TelemetryListener listener;
        final DirectiveQueue directives;
        volatile boolean abandoned;

        Abandonable(String runId, TelemetryListener listener, DirectiveQueue directives) {
            this.runId = runId;
            this.listener = listener;
            this.directives = directives;
        }
    }

    private RunOutcome endedBeforeStart(ReportMapper mapper, RunOutcome outcome) {
        buffer.offer(mapper.failedBeforeStart(outcome.reason()));
        metrics.runFinished(FinishStatus.FAILED);
        return outcome;
    }
}
