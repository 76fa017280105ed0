package io.runwarden.engine.cli;

import io.runwarden.engine.EvalReport;
import io.runwarden.engine.FinishReport;
import io.runwarden.engine.RollbackReport;
import io.runwarden.engine.StepReport;
import io.runwarden.engine.TrainingListener;
import io.runwarden.protocol.RunSpec;

import java.io.PrintStream;
import java.util.Locale;

/** Prints a progress line every N steps (step/total, loss, lr, grad norm, tokens/s, ETA) and every event. */
final class ProgressPrinter implements TrainingListener {

    private final PrintStream out;
    private final int every;
    private long total;
    private long startStep;
    private long startNanos;

    ProgressPrinter(PrintStream out, int every) {
        this.out = out;
        this.every = Math.max(1, every);
    }

    @Override
    public void runStarted(RunSpec spec, long totalSteps, long start) {
        total = totalSteps;
        startStep = start;
        startNanos = System.nanoTime();
        out.printf(Locale.ROOT, "training %d steps%s: lr %.2e %s, batch %d x %d, %s%n", totalSteps,
                start > 0 ? " (resuming at " + start + ")" : "", spec.learningRate(), spec.schedule(),
                spec.batchSize(), spec.gradAccumulation(), spec.finetune());
    }

    @Override
    public void trainStep(StepReport r) {
        if (r.step() % every != 0 && r.step() != total) {
            return;
        }
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        long done = r.step() - startStep;
        double eta = done > 0 ? elapsed / done * (total - r.step()) : 0;
        out.printf(Locale.ROOT, "step %5d/%d  epoch %5.2f  loss %8.4f  lr %.2e  gnorm %7.3f  %6.0f tok/s"
                        + "  %5.1f ms/step  ETA %s%n", r.step(), total, r.epoch(), r.loss(), r.lr(), r.gradNorm(),
                r.tokensPerSec(), r.stepMillis(), duration(eta));
    }

    @Override
    public void evaluated(EvalReport r) {
        out.printf(Locale.ROOT, "eval  %5d      epoch %5.2f  valLoss %.4f  tokenAccuracy %.3f%n", r.step(), r.epoch(),
                r.valLoss(), r.metrics().getOrDefault("tokenAccuracy", Double.NaN));
    }

    @Override
    public void checkpointSaved(long step, String checkpointId, Double valLoss) {
        out.printf(Locale.ROOT, "checkpoint %s%n", checkpointId);
    }

    @Override
    public void rolledBack(RollbackReport r) {
        out.printf(Locale.ROOT, "rolled back from %d to %s (lr x %.3g, skipped %d batches)%n", r.fromStep(),
                r.checkpointId(), r.lrFactor(), r.skippedBatches());
    }

    @Override
    public void directiveRejected(String commandId, String reason) {
        out.printf(Locale.ROOT, "directive %s rejected: %s%n", commandId, reason);
    }

    @Override
    public void finished(FinishReport r) {
        out.printf(Locale.ROOT, "finished: %s at step %d%s; final model: %s%n", r.status().wireName(), r.step(),
                r.reason() == null ? "" : " (" + r.reason() + ")", r.finalModelDir());
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
    }
}
