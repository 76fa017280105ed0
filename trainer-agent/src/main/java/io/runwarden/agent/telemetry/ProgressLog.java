package io.runwarden.agent.telemetry;

import io.runwarden.engine.StepReport;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/** A progress line every {@code every} steps: step/total, loss, lr, tokens/s and the estimated time left. */
public final class ProgressLog {

    private static final Logger LOG = Logger.getLogger(ProgressLog.class);

    private final String runId;
    private final int every;
    private final LongSupplier nanoClock;
    private long totalSteps;
    private long firstStep;
    private long startNanos;

    public ProgressLog(String runId, int every, LongSupplier nanoClock) {
        this.runId = runId;
        this.every = every;
        this.nanoClock = nanoClock;
    }

    public void started(long totalSteps, long startStep) {
        this.totalSteps = totalSteps;
        this.firstStep = startStep;
        this.startNanos = nanoClock.getAsLong();
        LOG.infof("run %s: training %d steps%s", runId, totalSteps,
                startStep > 0 ? " (resumed at step " + startStep + ")" : "");
    }

    public void rolledBack(long toStep) {
        // The rate since the start no longer maps onto steps; measure again from here.
        firstStep = toStep;
        startNanos = nanoClock.getAsLong();
    }

    public void step(StepReport r) {
        if (every <= 0 || r.step() % every != 0) {
            return;
        }
        LOG.info(line(r));
    }

    String line(StepReport r) {
        long done = Math.max(1, r.step() - firstStep);
        double nanosPerStep = (double) (nanoClock.getAsLong() - startNanos) / done;
        long left = Math.max(0, totalSteps - r.step());
        Duration eta = Duration.ofNanos((long) (nanosPerStep * left));
        return String.format(Locale.ROOT, "run %s: step %d/%d (%.0f%%) loss %.4f lr %.3g tokens/s %.0f ETA %s",
                runId, r.step(), totalSteps, totalSteps == 0 ? 0.0 : 100.0 * r.step() / totalSteps, r.loss(),
                r.lr(), r.tokensPerSec(), format(eta));
    }

    private static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
