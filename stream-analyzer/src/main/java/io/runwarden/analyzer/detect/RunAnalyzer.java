package io.runwarden.analyzer.detect;

import io.runwarden.analyzer.policy.InvalidPolicyException;
import io.runwarden.analyzer.policy.Policy;
import io.runwarden.analyzer.policy.PolicyResolver;
import io.runwarden.analyzer.state.CheckpointRef;
import io.runwarden.analyzer.state.RunPhase;
import io.runwarden.analyzer.state.RunState;
import io.runwarden.protocol.Alert;
import io.runwarden.protocol.CheckpointSaved;
import io.runwarden.protocol.CommandIds;
import io.runwarden.protocol.CommandType;
import io.runwarden.protocol.EvalResult;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.HealthVerdict;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.RollbackCommand;
import io.runwarden.protocol.RollbackDone;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.RunHealth;
import io.runwarden.protocol.RunStarted;
import io.runwarden.protocol.Severity;
import io.runwarden.protocol.StopCommand;
import io.runwarden.protocol.TrainStep;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The analyzer's domain logic for one run, free of Kafka: feed it the run's state and a message (or a
 * wall-clock tick) and it returns the new state, the commands, the alerts and the run-health change. Detectors
 * run in order of urgency; the first proposal of a message becomes its one command.
 */
public final class RunAnalyzer {

    private static final int MAX_REASONS = 5;

    private final PolicyResolver policies;
    private final Duration stateTtl;
    private final Duration idleTtl;
    private final NonFiniteDetector nonFinite = new NonFiniteDetector();
    private final GradExplosionDetector gradExplosion = new GradExplosionDetector();
    private final LossSpikeDetector lossSpike = new LossSpikeDetector();
    private final DivergenceDetector divergence = new DivergenceDetector();
    private final NoLearningDetector noLearning = new NoLearningDetector();
    private final EarlyStoppingDetector earlyStopping = new EarlyStoppingDetector();
    private final MemorizationDetector memorization = new MemorizationDetector();

    /**
     * @param stateTtl how long a finished or stopped run's state is kept
     * @param idleTtl  how long the state of a run that sends nothing (lost, abandoned) is kept
     */
    public RunAnalyzer(PolicyResolver policies, Duration stateTtl, Duration idleTtl) {
        this.policies = policies;
        this.stateTtl = stateTtl;
        this.idleTtl = idleTtl;
    }

    public Outcome onMetric(RunState previous, MetricEvent event, long nowMs) {
        RunState state = previous != null ? previous : new RunState(event.runId());
        Outcome out = new Outcome(state);
        boolean first = previous == null;
        state.messages++;
        state.lastSeenWallMs = nowMs;
        if (first) {
            setVerdict(state, HealthVerdict.HEALTHY, event instanceof RunStarted ? null
                    : "first message at step " + event.step() + " (run not announced: default policy)", event, nowMs, out);
        }
        if (state.lost) {
            state.lost = false;
            setVerdict(state, HealthVerdict.HEALTHY, "messages again at step " + event.step(), event, nowMs, out);
        }
        Findings findings = new Findings();
        Policy policy = policyOf(state);
        if (event instanceof RunStarted started) {
            state = onRunStarted(state, started, first, nowMs, out);
            out.state = state;
            policy = policyOf(state);
        } else if (event instanceof TrainStep step) {
            onTrain(state, step, policy, findings);
        } else if (event instanceof EvalResult eval) {
            onEval(state, eval, policy, findings);
        } else if (event instanceof CheckpointSaved ckpt) {
            state.addCheckpoint(new CheckpointRef(ckpt.step(), ckpt.checkpointId()), policy.rollback().maxCheckpoints());
        } else if (event instanceof RollbackDone done) {
            onRollbackDone(state, done, nowMs, out);
        } else if (event instanceof RunFinished finished) {
            onFinished(state, finished, nowMs, out);
        }
        // Heartbeat: only refreshes lastSeenWallMs.
        state.lastStep = Math.max(state.lastStep, event.step());
        apply(state, findings, event, policy, nowMs, out);
        return out;
    }

    /** A wall-clock tick: a stalled run becomes lost; a long-finished or long-idle run is forgotten. */
    public Outcome onWallClock(RunState state, long nowMs) {
        Outcome out = new Outcome(state);
        long idle = nowMs - state.lastSeenWallMs;
        if ((!state.running() && nowMs - state.endedWallMs > stateTtl.toMillis()) || idle > idleTtl.toMillis()) {
            out.state = null;
            return out;
        }
        Policy.Stalled stalled = policyOf(state).stalled();
        if (state.running() && !state.lost && stalled.enabled() && idle > stalled.timeoutSeconds() * 1000) {
            state.lost = true;
            String message = "no message for " + idle / 1000 + " s (timeout " + stalled.timeoutSeconds()
                    + " s) since step " + state.lastStep;
            out.alerts.add(new Alert(state.runId, "stalled", Severity.WARN, Math.max(state.lastStep, 0), nowMs,
                    message, Findings.evidence("idleSeconds", idle / 1000, "timeoutSeconds", stalled.timeoutSeconds(),
                    "lastStep", state.lastStep)));
            setVerdict(state, HealthVerdict.LOST, message, Math.max(state.lastStep, 0), nowMs, out);
        }
        return out;
    }

    private RunState onRunStarted(RunState state, RunStarted started, boolean first, long nowMs, Outcome out) {
        RunState s = state;
        if (!first && s.announced) {
            // Restarted (crash, resubmission): analyse afresh, keeping the rollback budget spent and older checkpoints.
            RunState fresh = new RunState(s.runId);
            fresh.messages = s.messages;
            fresh.lastSeenWallMs = s.lastSeenWallMs;
            fresh.verdict = s.verdict;
            fresh.reasons = s.reasons;
            fresh.rollbacksUsed = s.rollbacksUsed;
            fresh.checkpoints = new ArrayList<>(s.checkpoints);
            fresh.checkpoints.removeIf(c -> c.step() > started.step());
            fresh.emaStart = null;
            s = fresh;
        } else if (!first) {
            s.resumeAt(started.step());
        }
        s.announced = true;
        s.phase = RunPhase.RUNNING;
        s.totalSteps = started.totalSteps();
        s.sweepId = started.sweepId();
        s.policy = null;
        if (started.policy() != null && !started.policy().isNull()) {
            try {
                policies.forRun(started.policy());
                s.policy = started.policy();
            } catch (InvalidPolicyException e) {
                out.alerts.add(new Alert(s.runId, "policy", Severity.WARN, started.step(), nowMs,
                        "invalid run policy, using the default: " + e.getMessage(),
                        Findings.evidence("field", e.field(), "error", e.getMessage())));
            }
        }
        setVerdict(s, HealthVerdict.HEALTHY, "run started" + (started.totalSteps() > 0
                ? " (" + started.totalSteps() + " steps planned)" : ""), started, nowMs, out);
        return s;
    }

    private void onTrain(RunState state, TrainStep step, Policy policy, Findings findings) {
        if (!state.running() || step.step() == state.lastTrainStep) {
            return; // after STOP nothing acts; a repeated step is a duplicate delivery
        }
        if (step.step() < state.lastTrainStep) {
            state.resumeAt(step.step()); // resumed from a checkpoint: no false alarm on the replayed steps
        }
        state.lastTrainStep = step.step();
        state.trainSteps++;
        if (nonFinite.onTrain(state, step, policy, findings)) {
            return;
        }
        state.lastTrainLoss = step.loss();
        gradExplosion.onTrain(state, step, policy, findings);
        lossSpike.onTrain(state, step, policy, findings);
        divergence.onTrain(state, step, policy, findings);
        noLearning.onTrain(state, step, policy, findings);
    }

    private void onEval(RunState state, EvalResult eval, Policy policy, Findings findings) {
        if (!state.running() || eval.step() == state.lastEvalStep) {
            return;
        }
        if (eval.step() < state.lastEvalStep) {
            state.resumeAt(eval.step());
        }
        state.lastEvalStep = eval.step();
        earlyStopping.onEval(state, eval, policy, findings);
        memorization.onEval(state, eval, policy, findings);
    }

    private void onRollbackDone(RunState state, RollbackDone done, long nowMs, Outcome out) {
        state.pendingRollbackId = null;
        state.resumeAt(done.step());
        setVerdict(state, HealthVerdict.ROLLED_BACK, "restored " + done.checkpointId() + " at step " + done.step()
                + " (was at step " + done.fromStep() + "), lr x" + done.lrFactor() + ", skipping "
                + done.skippedBatches() + " batches", done, nowMs, out);
    }

    private void onFinished(RunState state, RunFinished finished, long nowMs, Outcome out) {
        boolean stoppedByUs = state.phase == RunPhase.STOPPED;
        state.phase = RunPhase.FINISHED;
        state.endedWallMs = nowMs;
        String reason = "run finished: " + finished.status().wireName()
                + (finished.reason() != null ? " (" + finished.reason() + ")" : "")
                + (finished.restoredCheckpointId() != null ? ", final weights " + finished.restoredCheckpointId() : "");
        HealthVerdict verdict = stoppedByUs || finished.status() == FinishStatus.STOPPED ? HealthVerdict.STOPPED
                : HealthVerdict.FINISHED;
        setVerdict(state, verdict, reason, finished, nowMs, out);
    }

    /** Turns the findings into alerts, at most one command, and the run-health change. */
    private void apply(RunState state, Findings findings, MetricEvent event, Policy policy, long nowMs, Outcome out) {
        for (Findings.Finding f : findings.alerts()) {
            out.alerts.add(new Alert(state.runId, f.rule(), f.severity(), event.step(), nowMs, f.message(), f.evidence()));
            if (f.severity() == Severity.WARN && state.running()) {
                setVerdict(state, HealthVerdict.WARNING, f.message(), event, nowMs, out);
            }
        }
        Proposal proposal = findings.proposal();
        if (proposal == null || !state.running()) {
            return;
        }
        long atStep = event.step();
        String commandId = CommandIds.of(state.runId, proposal.rule(), atStep);
        Map<String, Object> evidence = Findings.evidence();
        evidence.putAll(proposal.evidence());
        String reason = proposal.reason();
        if (proposal.type() == CommandType.ROLLBACK) {
            if (state.pendingRollbackId != null) {
                out.alerts.add(new Alert(state.runId, proposal.rule(), Severity.INFO, atStep, nowMs, reason
                        + "; a rollback is already pending (" + state.pendingRollbackId + ")", evidence));
                return;
            }
            int budget = policy.rollback().budget();
            CheckpointRef ckpt = state.newestCheckpointAtOrBefore(proposal.checkpointMaxStep());
            evidence.put("rollbacksUsed", state.rollbacksUsed);
            evidence.put("rollbackBudget", budget);
            if (state.rollbacksUsed < budget && ckpt != null) {
                int skip = proposal.skipBatches() != null ? proposal.skipBatches() : (int) (atStep - ckpt.step());
                state.rollbacksUsed++;
                state.pendingRollbackId = commandId;
                RollbackCommand cmd = new RollbackCommand(commandId, state.runId, proposal.rule(), reason, atStep,
                        nowMs, CommandIds.ANALYZER_ORIGIN, evidence, ckpt.checkpointId(), ckpt.step(),
                        proposal.lrFactor(), skip);
                out.commands.add(cmd);
                out.alerts.add(new Alert(state.runId, proposal.rule(), Severity.ACTION, atStep, nowMs, reason
                        + ": rolling back to " + ckpt.checkpointId() + " (step " + ckpt.step() + "), lr x"
                        + proposal.lrFactor() + ", skipping " + skip + " batches", withId(evidence, commandId)));
                setVerdict(state, HealthVerdict.ROLLED_BACK, reason + ": ROLLBACK to " + ckpt.checkpointId(),
                        event, nowMs, out);
                return;
            }
            reason += state.rollbacksUsed >= budget ? "; rollback budget of " + budget + " spent, stopping"
                    : "; no checkpoint at or before step " + proposal.checkpointMaxStep() + ", stopping";
        }
        stop(state, proposal.rule(), reason, evidence, commandId, event, policy, nowMs, out);
    }

    private void stop(RunState state, String rule, String reason, Map<String, Object> evidence, String commandId,
                      MetricEvent event, Policy policy, long nowMs, Outcome out) {
        String restoreId = null;
        Long restoreStep = null;
        if (policy.earlyStopping().restoreBest() && state.esBestStep >= 0 && state.esBestStep != event.step()) {
            CheckpointRef best = state.checkpointAt(state.esBestStep);
            if (best != null) {
                restoreId = best.checkpointId();
                restoreStep = best.step();
            } else {
                evidence.put("restoreBest", "no checkpoint at the best evaluation's step " + state.esBestStep);
            }
        }
        state.phase = RunPhase.STOPPED;
        state.endedWallMs = nowMs;
        out.commands.add(new StopCommand(commandId, state.runId, rule, reason, event.step(), nowMs,
                CommandIds.ANALYZER_ORIGIN, evidence, restoreId, restoreStep));
        out.alerts.add(new Alert(state.runId, rule, Severity.ACTION, event.step(), nowMs, "STOP: " + reason
                + (restoreId != null ? "; restoring " + restoreId + " (step " + restoreStep + ")" : ""),
                withId(evidence, commandId)));
        setVerdict(state, HealthVerdict.STOPPED, reason, event, nowMs, out);
    }

    private Policy policyOf(RunState state) {
        try {
            return policies.forRun(state.policy);
        } catch (InvalidPolicyException e) {
            return policies.defaults();
        }
    }

    private static Map<String, Object> withId(Map<String, Object> evidence, String commandId) {
        Map<String, Object> copy = Findings.evidence("commandId", commandId);
        copy.putAll(evidence);
        return copy;
    }

    private static void setVerdict(RunState state, HealthVerdict verdict, String reason, MetricEvent event,
                                   long nowMs, Outcome out) {
        setVerdict(state, verdict, reason, event.step(), nowMs, out);
    }

    /** Publishes run-health when the verdict or its reasons change; reasons of one verdict accumulate (bounded). */
    private static void setVerdict(RunState state, HealthVerdict verdict, String reason, long atStep, long nowMs,
                                   Outcome out) {
        List<String> reasons = verdict.wireName().equals(state.verdict) ? new ArrayList<>(state.reasons)
                : new ArrayList<>();
        if (reason != null && !reasons.contains(reason)) {
            reasons.add(reason);
        }
        while (reasons.size() > MAX_REASONS) {
            reasons.remove(0);
        }
        if (verdict.wireName().equals(state.verdict) && reasons.equals(state.reasons)) {
            return;
        }
        state.verdict = verdict.wireName();
        state.reasons = reasons;
        out.health = new RunHealth(state.runId, verdict, reasons, atStep, nowMs);
    }
}
