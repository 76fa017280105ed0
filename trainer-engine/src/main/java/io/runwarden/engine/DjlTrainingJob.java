package io.runwarden.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.runwarden.engine.checkpoint.CheckpointStore;
import io.runwarden.engine.checkpoint.TrainingState;
import io.runwarden.engine.data.DataCursor;
import io.runwarden.engine.data.TokenizedExample;
import io.runwarden.engine.model.LanguageModel;
import io.runwarden.engine.model.LanguageModelArchitecture;
import io.runwarden.engine.model.ModelStore;
import io.runwarden.engine.model.Param;
import io.runwarden.engine.optim.AdamW;
import io.runwarden.engine.optim.ModelTrainer;
import io.runwarden.engine.runtime.TorchRuntime;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.RunSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The training loop of one prepared run. Between optimizer steps it drains the directive source (STOP,
 * ROLLBACK; duplicates ignored), evaluates and checkpoints on their cadences, and reports everything to the
 * listener. A non-finite loss or gradient is reported and its update skipped; the run fails only when the loss
 * stays non-finite for {@link #nonFiniteStepLimit()} steps and {@link #nonFiniteSecondsLimit()} seconds with no
 * directive (time for an analyzer to roll it back).
 */
public final class DjlTrainingJob implements TrainingJob {

    /** System property: consecutive non-finite steps before a run fails (with the time limit below). */
    public static final String NON_FINITE_STEPS = "runwarden.engine.non-finite-steps";
    /** System property: seconds of consecutive non-finite steps before a run fails. */
    public static final String NON_FINITE_SECONDS = "runwarden.engine.non-finite-seconds";

    private static final Logger LOG = LoggerFactory.getLogger(DjlTrainingJob.class);

    private final PreparedRun run;
    private final RunSpec spec;
    private final NDManager manager;
    private final LanguageModel model;
    private final AdamW optimizer;
    private final ModelTrainer trainer;
    private final CheckpointStore checkpoints;

    // Mutable training state (all of it is in TrainingState, for checkpoints).
    private long step;
    private DataCursor cursor;
    private double lrFactor = 1.0;
    private int nonFiniteStreak;
    private long nonFiniteSinceNanos;
    private Double bestValLoss;
    private String bestCheckpointId;
    private final Set<String> obeyed = new LinkedHashSet<>();
    private boolean finished;
    private FinishReport reported;

    DjlTrainingJob(PreparedRun run) {
        this.run = run;
        this.spec = run.spec();
        Device device = TorchRuntime.device(spec.device());
        this.manager = TorchRuntime.engine().newBaseManager(device);
        try {
            LanguageModelArchitecture arch = LanguageModelArchitecture.byName(run.config().architecture());
            this.model = arch.create(run.config(), run.lora(), manager, new Random(spec.seed()));
            if (run.baseDir() != null) {
                Map<String, float[]> base = ModelStore.loadMergedWeights(run.baseDir());
                for (Param p : model.parameters()) {
                    if (!p.name().contains(".lora_")) {
                        float[] values = base.get(p.name());
                        if (values == null) {
                            throw new InvalidSpecException(List.of(new io.runwarden.protocol.FieldError("model",
                                    "base model has no tensor " + p.name())));
                        }
                        p.load(values);
                    }
                }
            }
            this.optimizer = new AdamW(spec.weightDecay(), manager);
            this.trainer = new ModelTrainer(model, optimizer, manager);
            this.checkpoints = new CheckpointStore(run.options().workDir());
            this.cursor = new DataCursor(run.train().size(), spec.seed(), 0, 0);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        LOG.info("run {}: {} on {}, {} train / {} validation examples, {} steps ({} per epoch)", run.runId(),
                run.config(), device, run.train().size(), run.validation().size(), run.totalSteps(),
                run.stepsPerEpoch());
    }

    @Override
    public String runId() {
        return run.runId();
    }

    @Override
    public RunSpec spec() {
        return spec;
    }

    @Override
    public long totalSteps() {
        return run.totalSteps();
    }

    /** The model being trained (for tests and tools). */
    public LanguageModel model() {
        return model;
    }

    public PreparedRun prepared() {
        return run;
    }

    @Override
    public FinishReport run(TrainingListener listener, DirectiveSource directives) {
        if (finished) {
            throw new IllegalStateException("run " + run.runId() + " already ran");
        }
        finished = true;
        DirectiveSource source = directives == null ? DirectiveSource.NONE : directives;
        try {
            if (run.options().resume()) {
                checkpoints.latest().ifPresent(id -> {
                    restore(id, true);
                    LOG.info("run {}: resumed from {}", run.runId(), id);
                });
            }
            listener.runStarted(spec, run.totalSteps(), step);
            while (true) {
                TrainerDirective.Stop stop = drain(source, listener);
                if (stop != null) {
                    return stop(stop, listener);
                }
                if (step >= run.totalSteps()) {
                    break;
                }
                if (Thread.interrupted()) {
                    // e.g. the agent shutting down: end cleanly, keeping what was learnt. The flag is cleared
                    // while the final model is written (NIO file channels refuse interrupted threads), then set
                    // again for the caller.
                    try {
                        return finish(listener, FinishStatus.STOPPED, "interrupted", null, true);
                    } finally {
                        Thread.currentThread().interrupt();
                    }
                }
                trainOneStep(listener);
                if (nonFiniteStreak >= nonFiniteStepLimit()
                        && System.nanoTime() - nonFiniteSinceNanos >= nonFiniteSecondsLimit() * 1_000_000_000L) {
                    return finish(listener, FinishStatus.FAILED, "loss non-finite for " + nonFiniteStreak
                            + " consecutive steps with no rollback", null, false);
                }
            }
            return finish(listener, FinishStatus.COMPLETED, null, null, true);
        } catch (RuntimeException | Error e) {
            if (reported != null) {
                // the listener's finished() itself threw: the run had ended; report it once only
                LOG.error("run {}: listener failed on finished()", run.runId(), e);
                return reported;
            }
            LOG.error("run {} failed at step {}", run.runId(), step, e);
            return finish(listener, FinishStatus.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage(), null,
                    false);
        }
    }

    private void trainOneStep(TrainingListener listener) {
        long started = System.nanoTime();
        List<Integer> indices = cursor.next(run.effectiveBatch());
        List<List<TokenizedExample>> micro = new ArrayList<>();
        for (int from = 0; from < indices.size(); from += spec.batchSize()) {
            List<TokenizedExample> mb = new ArrayList<>();
            for (int i = from; i < Math.min(indices.size(), from + spec.batchSize()); i++) {
                mb.add(run.train().get(indices.get(i)));
            }
            micro.add(mb);
        }
        double lr = currentLr();
        ModelTrainer.StepResult result = trainer.step(micro, lr, spec.maxGradNorm());
        step++;
        if (Double.isFinite(result.loss())) {
            nonFiniteStreak = 0;
        } else {
            if (nonFiniteStreak == 0) {
                nonFiniteSinceNanos = System.nanoTime();
            }
            nonFiniteStreak++;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        listener.trainStep(new StepReport(step, cursor.epochProgress(), result.loss(), lr, result.gradNorm(),
                indices.size() / seconds, result.tokens() / seconds, seconds * 1000));

        Double valLoss = null;
        if (step % run.evalEvery() == 0 || step == run.totalSteps()) {
            valLoss = evaluate(listener);
        }
        if (step % run.checkpointEvery() == 0 && step < run.totalSteps() && nonFiniteStreak == 0) {
            saveCheckpoint(valLoss, listener);
        }
    }

    /** The learning rate of the next step: peak × schedule × the rollbacks' cumulative factor. */
    private double currentLr() {
        return spec.learningRate() * run.schedule().multiplier(step) * lrFactor;
    }

    private double evaluate(TrainingListener listener) {
        ModelTrainer.EvalResult r = trainer.evaluate(run.validation(), Math.max(16, run.effectiveBatch()));
        listener.evaluated(new EvalReport(step, cursor.epochProgress(), r.loss(),
                Map.of("tokenAccuracy", r.tokenAccuracy())));
        return r.loss();
    }

    private void saveCheckpoint(Double valLoss, TrainingListener listener) {
        String id = CheckpointStore.idFor(step);
        if (valLoss != null && Double.isFinite(valLoss) && (bestValLoss == null || valLoss < bestValLoss)) {
            bestValLoss = valLoss;
            bestCheckpointId = id;
        }
        Map<String, float[]> params = new LinkedHashMap<>();
        for (Param p : model.trainableParameters()) {
            params.put(p.name(), p.values());
        }
        checkpoints.save(state(valLoss), params, optimizer.exportState());
        checkpoints.prune(spec.keepLastCheckpoints(), bestCheckpointId);
        listener.checkpointSaved(step, id, valLoss);
    }

    private TrainingState state(Double valLoss) {
        return new TrainingState(run.runId(), step, cursor.epoch(), cursor.position(), lrFactor,
                optimizer.stepCount(), nonFiniteStreak, valLoss, bestValLoss, bestCheckpointId,
                new ArrayList<>(obeyed));
    }

    /** Carries out pending directives; returns a STOP to obey, if one came. */
    private TrainerDirective.Stop drain(DirectiveSource source, TrainingListener listener) {
        TrainerDirective d;
        while ((d = source.poll()) != null) {
            if (d.commandId() != null && !obeyed.add(d.commandId())) {
                LOG.debug("run {}: ignoring duplicate directive {}", run.runId(), d.commandId());
                continue;
            }
            if (d instanceof TrainerDirective.Stop s) {
                return s;
            }
            if (d instanceof TrainerDirective.Rollback r) {
                rollback(r, listener);
            }
        }
        return null;
    }

    private void rollback(TrainerDirective.Rollback r, TrainingListener listener) {
        if (!checkpoints.exists(r.checkpointId())) {
            listener.directiveRejected(r.commandId(), "no checkpoint " + r.checkpointId() + " (have "
                    + checkpoints.list() + ")");
            return;
        }
        if (!(r.lrFactor() > 0) || !Double.isFinite(r.lrFactor()) || r.skipBatches() < 0) {
            listener.directiveRejected(r.commandId(), "lrFactor must be > 0 and skipBatches >= 0");
            return;
        }
        long from = step;
        double factor = lrFactor * r.lrFactor();
        restore(r.checkpointId(), false);
        lrFactor = factor;
        cursor.skip(r.skipBatches(), run.effectiveBatch());
        checkpoints.deleteAfter(step, null);
        LOG.info("run {}: rolled back from step {} to {} (lr × {}, skipped {} batches)", run.runId(), from, step,
                lrFactor, r.skipBatches());
        listener.rolledBack(new RollbackReport(from, step, r.checkpointId(), r.lrFactor(), r.skipBatches(),
                r.commandId()));
    }

    /** Restores weights, optimizer and positions; {@code everything} also restores the lr factor and ids. */
    private void restore(String id, boolean everything) {
        CheckpointStore.Checkpoint c = checkpoints.load(id);
        List<Param> trainable = model.trainableParameters();
        for (Param p : trainable) {
            float[] values = c.params().get(p.name());
            if (values == null) {
                throw new IllegalStateException("checkpoint " + id + " has no tensor " + p.name()
                        + " (was it written by a run with another model or fine-tuning mode?)");
            }
            p.load(values);
        }
        TrainingState s = c.state();
        optimizer.importState(trainable, c.optimizer(), s.optimizerSteps());
        step = s.step();
        cursor = new DataCursor(run.train().size(), spec.seed(), s.epoch(), s.position());
        nonFiniteStreak = s.nonFiniteStreak();
        bestValLoss = s.bestValLoss();
        bestCheckpointId = s.bestCheckpointId();
        if (everything) {
            lrFactor = s.lrFactor();
            obeyed.addAll(s.obeyedCommandIds());
        }
    }

    private FinishReport stop(TrainerDirective.Stop stop, TrainingListener listener) {
        String restored = null;
        String reason = stop.reason() == null ? "stopped by " + stop.commandId() : stop.reason();
        if (stop.restoreCheckpointId() != null) {
            if (checkpoints.exists(stop.restoreCheckpointId())) {
                long at = step;
                restore(stop.restoreCheckpointId(), false);
                step = at; // the run ends where it was stopped; only the weights come from the checkpoint
                restored = stop.restoreCheckpointId();
            } else {
                listener.directiveRejected(stop.commandId(), "no checkpoint " + stop.restoreCheckpointId()
                        + " to restore; the final model keeps the current weights");
                reason = reason + " (checkpoint " + stop.restoreCheckpointId() + " not found, kept current weights)";
            }
        }
        return finish(listener, FinishStatus.STOPPED, reason, restored, true);
    }

    private FinishReport finish(TrainingListener listener, FinishStatus status, String reason, String restored,
                                boolean saveFinal) {
        Path finalDir = null;
        if (saveFinal) {
            try {
                finalDir = saveFinalModel();
            } catch (RuntimeException e) {
                LOG.error("run {}: cannot save the final model", run.runId(), e);
                status = FinishStatus.FAILED;
                reason = "cannot save the final model: " + e.getMessage();
            }
        }
        FinishReport report = new FinishReport(step, status, reason, restored, finalDir);
        reported = report;
        LOG.info("run {} finished: {} at step {}{}", run.runId(), status.wireName(), step,
                reason == null ? "" : " (" + reason + ")");
        listener.finished(report);
        return report;
    }

    private Path saveFinalModel() {
        Path dir = run.options().workDir().resolve("final");
        deleteQuietly(dir);
        if (run.lora() == null) {
            Map<String, float[]> weights = new LinkedHashMap<>();
            for (Param p : model.parameters()) {
                weights.put(p.name(), p.values());
            }
            ModelStore.saveWeights(dir, run.config(), weights, run.runId(), step);
        } else {
            Map<String, float[]> adapters = new LinkedHashMap<>();
            for (Param p : model.trainableParameters()) {
                adapters.put(p.name(), p.values());
            }
            String base = run.baseDir() == null ? null : run.baseDir().toString();
            ModelStore.saveAdapters(dir, run.config(), new ModelStore.AdapterInfo(run.lora().rank(),
                            run.lora().alpha(), run.lora().targets(), base, base == null ? spec.seed() : null),
                    adapters, base == null ? model.mergedWeights() : null, run.runId(), step);
        }
        return dir;
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete {}", dir, e);
        }
    }

    static int nonFiniteStepLimit() {
        return Integer.getInteger(NON_FINITE_STEPS, 50);
    }

    static long nonFiniteSecondsLimit() {
        return Long.getLong(NON_FINITE_SECONDS, 20L);
    }

    @Override
    public void close() {
        manager.close();
    }
}
