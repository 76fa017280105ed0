package io.runwarden.agent.telemetry;

import io.runwarden.agent.run.AgentMetrics;
import io.runwarden.engine.EvalReport;
import io.runwarden.engine.FinishReport;
import io.runwarden.engine.RollbackReport;
import io.runwarden.engine.StepReport;
import io.runwarden.engine.TrainingListener;
import io.runwarden.protocol.RunSpec;
import org.jboss.logging.Logger;

/**
 * The engine's listener for one run: maps each report to its protocol message and offers it to the buffer.
 * Runs on the training thread, so it only ever offers (never waits) and counts.
 */
public final class TelemetryListener implements TrainingListener {

    private static final Logger LOG = Logger.getLogger(TelemetryListener.class);

    private final ReportMapper mapper;
    private final TelemetryBuffer buffer;
    private final ProgressLog progress;
    private final AgentMetrics metrics;
    private volatile long currentStep;
    private volatile boolean active;
    private volatile boolean detached;

    public TelemetryListener(ReportMapper mapper, TelemetryBuffer buffer, ProgressLog progress,
                             AgentMetrics metrics) {
        this.mapper = mapper;
        this.buffer = buffer;
        this.progress = progress;
        this.metrics = metrics;
    }

    @Override
    public void runStarted(RunSpec resolvedSpec, long totalSteps, long startStep) {
        if (detached) {
            return;
        }
        currentStep = startStep;
        active = true;
        buffer.offer(mapper.runStarted(resolvedSpec, totalSteps, startStep));
        progress.started(totalSteps, startStep);
    }

    @Override
    public void trainStep(StepReport report) {
        if (detached) {
            return;
        }
        currentStep = report.step();
        buffer.offer(mapper.train(report));
        metrics.step(report.stepMillis());
        progress.step(report);
    }

    @Override
    public void evaluated(EvalReport report) {
        if (detached) {
            return;
        }
        buffer.offer(mapper.eval(report));
    }

    @Override
    public void checkpointSaved(long step, String checkpointId, Double valLoss) {
        if (detached) {
            return;
        }
        buffer.offer(mapper.checkpoint(step, checkpointId, valLoss));
    }

    @Override
    public void rolledBack(RollbackReport report) {
        if (detached) {
            return;
        }
        currentStep = report.toStep();
        buffer.offer(mapper.rollbackDone(report));
        progress.rolledBack(report.toStep());
    }

    @Override
    public void directiveRejected(String commandId, String reason) {
        LOG.warnf("command %s could not be carried out: %s (training goes on)", commandId, reason);
    }

    @Override
    public void finished(FinishReport report) {
        if (detached) {
            return;
        }
        active = false;
        currentStep = report.step();
        buffer.offer(mapper.finished(report));
        metrics.runFinished(report.status());
    }

    /** From now on nothing of this run is published (an abandoned run must not look finished). */
    public void detach() {
        detached = true;
        active = false;
    }

    /** Called by the heartbeat timer (not the training thread): heartbeats only while the run trains. */
    public void heartbeat() {
        if (active) {
            buffer.offer(mapper.heartbeat(currentStep));
        }
    }

    public long currentStep() {
        return currentStep;
    }
}
