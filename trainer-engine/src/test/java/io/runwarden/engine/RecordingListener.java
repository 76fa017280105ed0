package io.runwarden.engine;

import io.runwarden.protocol.RunSpec;

import java.util.ArrayList;
import java.util.List;

/** Records every callback of a run, for assertions. */
class RecordingListener implements TrainingListener {

    final List<StepReport> steps = new ArrayList<>();
    final List<EvalReport> evals = new ArrayList<>();
    final List<String> checkpoints = new ArrayList<>();
    final List<RollbackReport> rollbacks = new ArrayList<>();
    final List<String> rejected = new ArrayList<>();
    final List<FinishReport> finishes = new ArrayList<>();
    long startStep = -1;
    long totalSteps;

    @Override
    public void runStarted(RunSpec resolvedSpec, long total, long start) {
        startStep = start;
        totalSteps = total;
    }

    @Override
    public void trainStep(StepReport report) {
        steps.add(report);
    }

    @Override
    public void evaluated(EvalReport report) {
        evals.add(report);
    }

    @Override
    public void checkpointSaved(long step, String checkpointId, Double valLoss) {
        checkpoints.add(checkpointId);
    }

    @Override
    public void rolledBack(RollbackReport report) {
        rollbacks.add(report);
    }

    @Override
    public void directiveRejected(String commandId, String reason) {
        rejected.add(commandId + ": " + reason);
    }

    @Override
    public void finished(FinishReport report) {
        finishes.add(report);
    }

    long lastStep() {
        return steps.isEmpty() ? startStep : steps.get(steps.size() - 1).step();
    }
}
