package io.runwarden.agent.testing;

import io.runwarden.engine.EvalReport;
import io.runwarden.engine.FinishReport;
import io.runwarden.engine.InvalidSpecException;
import io.runwarden.engine.JobOptions;
import io.runwarden.engine.RollbackReport;
import io.runwarden.engine.StepReport;
import io.runwarden.engine.TrainerDirective;
import io.runwarden.engine.TrainingJob;
import io.runwarden.engine.TrainingJobFactory;
import io.runwarden.engine.TrainingListener;
import io.runwarden.engine.DirectiveSource;
import io.runwarden.protocol.FieldError;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.RunSpec;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A test double of the engine that follows the TrainingJob contract without any compute: a loss that falls
 * step by step, evals and checkpoints at the spec's cadences, directives obeyed between steps. {@code stepNanos}
 * stands in for a step's compute time.
 */
public final class ScriptedJobFactory implements TrainingJobFactory {

    private final long stepNanos;
    public final AtomicInteger prepared = new AtomicInteger();

    public ScriptedJobFactory(long stepNanos) {
        this.stepNanos = stepNanos;
    }

    @Override
    public TrainingJob prepare(String runId, RunSpec spec, JobOptions options) {
        List<FieldError> errors = spec.validate();
        if (!errors.isEmpty()) {
            throw new InvalidSpecException(errors);
        }
        prepared.incrementAndGet();
        return new ScriptedJob(runId, spec.withDefaults(), stepNanos);
    }

    static final class ScriptedJob implements TrainingJob {
        private final String runId;
        private final RunSpec spec;
        private final long stepNanos;

        ScriptedJob(String runId, RunSpec spec, long stepNanos) {
            this.runId = runId;
            this.spec = spec;
            this.stepNanos = stepNanos;
        }

        @Override
        public String runId() {
            return runId;
        }

        @Override
        public RunSpec spec() {
            return spec;
        }

        @Override
        public long totalSteps() {
            return spec.maxSteps() == null ? 20 : spec.maxSteps();
        }

        @Override
        public FinishReport run(TrainingListener listener, DirectiveSource directives) {
            long total = totalSteps();
            int evalEvery = spec.evalEverySteps() == null ? 5 : spec.evalEverySteps();
            int ckptEvery = spec.checkpointEverySteps() == null ? 5 : spec.checkpointEverySteps();
            double lrScale = 1.0;
            listener.runStarted(spec, total, 0);
            long step = 0;
            while (step < total) {
                TrainerDirective d = directives.poll();
                if (d instanceof TrainerDirective.Stop stop) {
                    return finish(listener, new FinishReport(step, FinishStatus.STOPPED, stop.reason(),
                            stop.restoreCheckpointId(), null));
                }
                if (d instanceof TrainerDirective.Rollback rb) {
                    long to = Long.parseLong(rb.checkpointId().substring("step-".length()));
                    lrScale *= rb.lrFactor();
                    listener.rolledBack(new RollbackReport(step, to, rb.checkpointId(), rb.lrFactor(),
                            rb.skipBatches(), rb.commandId()));
                    step = to;
                    continue;
                }
                step++;
                if (stepNanos > 0) {
                    LockSupport.parkNanos(stepNanos); // stands in for the step's compute
                }
                double loss = 3.0 / (1 + 0.1 * step);
                listener.trainStep(new StepReport(step, (double) step / total, loss,
                        spec.learningRate() * lrScale, 0.9, 16, 1024, stepNanos / 1e6));
                if (step % evalEvery == 0) {
                    listener.evaluated(new EvalReport(step, (double) step / total, loss + 0.1, null));
                }
                if (step % ckptEvery == 0) {
                    listener.checkpointSaved(step, "step-" + step, loss + 0.1);
                }
            }
            return finish(listener, new FinishReport(step, FinishStatus.COMPLETED, null, null, null));
        }

        private static FinishReport finish(TrainingListener listener, FinishReport report) {
            listener.finished(report);
            return report;
        }

        @Override
        public void close() {
        }
    }
}
