package io.runwarden.agent.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwarden.engine.EvalReport;
import io.runwarden.engine.FinishReport;
import io.runwarden.engine.RollbackReport;
import io.runwarden.engine.StepReport;
import io.runwarden.protocol.CheckpointSaved;
import io.runwarden.protocol.EvalResult;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.Heartbeat;
import io.runwarden.protocol.RollbackDone;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.RunSpec;
import io.runwarden.protocol.RunStarted;
import io.runwarden.protocol.TrainStep;
import io.runwarden.protocol.codec.ProtocolCodec;

import java.util.function.LongSupplier;

/** Turns the engine's reports into the protocol's messages for one run (docs/protocol.md). */
public final class ReportMapper {

    private final RunIdentity run;
    private final LongSupplier clock;

    public ReportMapper(RunIdentity run, LongSupplier clock) {
        this.run = run;
        this.clock = clock;
    }

    public RunStarted runStarted(RunSpec resolvedSpec, long totalSteps, long startStep) {
        return new RunStarted(run.runId(), startStep, clock.getAsLong(), ProtocolCodec.specToJson(resolvedSpec),
                totalSteps, run.policy(), run.sweepId(), run.agentId());
    }

    public TrainStep train(StepReport r) {
        return new TrainStep(run.runId(), r.step(), clock.getAsLong(), r.epoch(), r.loss(), r.lr(), r.gradNorm(),
                r.samplesPerSec(), r.tokensPerSec(), r.stepMillis());
    }

    public EvalResult eval(EvalReport r) {
        return new EvalResult(run.runId(), r.step(), clock.getAsLong(), r.epoch(), r.valLoss(), r.metrics());
    }

    public CheckpointSaved checkpoint(long step, String checkpointId, Double valLoss) {
        return new CheckpointSaved(run.runId(), step, clock.getAsLong(), checkpointId, valLoss);
    }

    public RollbackDone rollbackDone(RollbackReport r) {
        return new RollbackDone(run.runId(), r.toStep(), clock.getAsLong(), r.fromStep(), r.checkpointId(),
                r.lrFactor(), r.skippedBatches(), r.commandId());
    }

    public RunFinished finished(FinishReport r) {
        return new RunFinished(run.runId(), r.step(), clock.getAsLong(), r.status(), r.reason(),
                r.restoredCheckpointId());
    }

    /** A run that could not start (invalid spec): it ends before its first step. */
    public RunFinished failedBeforeStart(String reason) {
        return new RunFinished(run.runId(), 0, clock.getAsLong(), FinishStatus.FAILED, reason, null);
    }

    public Heartbeat heartbeat(long step) {
        return new Heartbeat(run.runId(), step, clock.getAsLong());
    }

    /** Who runs what: the fields of run-started besides the spec. */
    public record RunIdentity(String runId, String agentId, String sweepId, JsonNode policy) {
    }
}
