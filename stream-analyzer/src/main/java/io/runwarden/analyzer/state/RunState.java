package io.runwarden.analyzer.state;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the analyzer keeps about one run, stored as one record per run in the state store. Bounded: fixed
 * windows and a capped checkpoint list, no history. Public fields so it serializes as plain JSON.
 */
public final class RunState {

    public String runId;
    public boolean announced;
    public long totalSteps;
    public JsonNode policy;
    public String sweepId;
    public RunPhase phase = RunPhase.RUNNING;
    public boolean lost;
    public long messages;
    public long lastStep = -1;
    public long lastTrainStep = -1;
    public long lastEvalStep = -1;
    /** Wall-clock millis of the last message (stall detection). */
    public long lastSeenWallMs;
    /** Wall-clock millis when the run finished or was stopped (state expiry). */
    public long endedWallMs;

    /** The verdict last published to run-health, and its reasons. */
    public String verdict;
    public List<String> reasons = new ArrayList<>();

    public int rollbacksUsed;
    public String pendingRollbackId;
    public List<CheckpointRef> checkpoints = new ArrayList<>();

    /** Training steps seen since the last reset (warmup of the windowed detectors). */
    public long trainSteps;
    public DoubleRing losses = new DoubleRing(1);
    public DoubleRing gradNorms = new DoubleRing(1);
    public Double lastTrainLoss;

    public long spikeStartStep = -1;
    public int spikeSteps;
    public long gradSpikeStartStep = -1;
    public int gradSpikeSteps;

    public Double ema;
    public Double emaMin;
    public Double emaStart;
    public boolean divergenceAlerted;
    public boolean noLearningAlerted;

    public Double esBest;
    public long esBestStep = -1;
    public int esWait;

    public Double lastValLoss;
    public int valRises;
    public boolean memorizationAlerted;

    public RunState() {
    }

    public RunState(String runId) {
        this.runId = runId;
    }

    public boolean running() {
        return phase == RunPhase.RUNNING;
    }

    /** Forget the windows of the training curve (the run resumed from an earlier step). */
    public void resetTrainingWindows() {
        trainSteps = 0;
        losses.clear();
        gradNorms.clear();
        lastTrainLoss = null;
        spikeStartStep = -1;
        spikeSteps = 0;
        gradSpikeStartStep = -1;
        gradSpikeSteps = 0;
        ema = null;
        emaMin = null;
        divergenceAlerted = false;
    }

    /** The run resumed at {@code step}: forget what happened after it. */
    public void resumeAt(long step) {
        resetTrainingWindows();
        checkpoints.removeIf(c -> c.step() > step);
        if (esBestStep > step) {
            esBest = null;
            esBestStep = -1;
        }
        esWait = 0;
        lastValLoss = null;
        valRises = 0;
        lastTrainStep = step;
        lastEvalStep = Math.min(lastEvalStep, step);
        lastStep = step;
    }

    /** Newest checkpoint at or before {@code maxStep}, or null. */
    public CheckpointRef newestCheckpointAtOrBefore(long maxStep) {
        CheckpointRef best = null;
        for (CheckpointRef c : checkpoints) {
            if (c.step() <= maxStep && (best == null || c.step() > best.step())) {
                best = c;
            }
        }
        return best;
    }

    public CheckpointRef checkpointAt(long step) {
        for (CheckpointRef c : checkpoints) {
            if (c.step() == step) {
                return c;
            }
        }
        return null;
    }

    /** Remembers a checkpoint, keeping the newest {@code max} (and the best evaluation's, for restoreBest). */
    public void addCheckpoint(CheckpointRef ref, int max) {
        checkpoints.removeIf(c -> c.step() >= ref.step());
        checkpoints.add(ref);
        while (checkpoints.size() > max) {
            CheckpointRef victim = null;
            for (CheckpointRef c : checkpoints) {
                if (c.step() != esBestStep && (victim == null || c.step() < victim.step())) {
                    victim = c;
                }
            }
            checkpoints.remove(victim == null ? checkpoints.get(0) : victim);
        }
    }
}
