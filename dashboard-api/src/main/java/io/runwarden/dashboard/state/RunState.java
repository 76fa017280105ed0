package io.runwarden.dashboard.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.Alert;
import io.runwarden.protocol.CheckpointSaved;
import io.runwarden.protocol.EvalResult;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.HealthVerdict;
import io.runwarden.protocol.Heartbeat;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.RollbackCommand;
import io.runwarden.protocol.RollbackDone;
import io.runwarden.protocol.RunCommand;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.RunHealth;
import io.runwarden.protocol.RunStarted;
import io.runwarden.protocol.StopCommand;
import io.runwarden.protocol.TrainStep;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The live state of one run, built from its messages on the four topics. Plain domain class: no framework,
 * not thread-safe (the {@link RunRegistry} serialises access). Lists (alerts, commands, markers) are bounded.
 */
public final class RunState {

    /** Spec fields shown in the run table, in this order. */
    private static final List<String> KEY_HYPERPARAMETERS = List.of("learningRate", "schedule", "batchSize",
            "gradAccumulation", "epochs", "maxSteps", "finetune", "loraRank", "warmupRatio", "modelPreset");
    private static final int MAX_LIST = 200;
    private static final double ETA_SMOOTHING = 0.1;

    private final String runId;
    private final Map<Metric, MetricSeries> series = new EnumMap<>(Metric.class);
    private final ArrayDeque<AlertView> alerts = new ArrayDeque<>();
    private final LinkedHashMap<String, CommandView> commands = new LinkedHashMap<>();
    private final ArrayDeque<Marker> markers = new ArrayDeque<>();
    /** Command ids an agent reported obeyed before the dashboard saw the command (topics are read in parallel). */
    private final Set<String> obeyedBeforeSeen = new HashSet<>();
    /** Checkpoints the agent announced (id → step), newest last: a manual rollback may name one. */
    private final LinkedHashMap<String, Long> checkpoints = new LinkedHashMap<>();

    private ObjectNode spec;
    private JsonNode policy;
    private String sweepId;
    private String agentId;
    private RunStatus status = RunStatus.RUNNING;
    private String health;
    private List<String> healthReasons = List.of();
    private long step;
    private Long totalSteps;
    private Double epoch;
    private Double loss;
    private Double lr;
    private Double gradNorm;
    private Double lastValLoss;
    private Double bestValLoss;
    private Long bestValStep;
    private int evals;
    private Double samplesPerSec;
    private Double tokensPerSec;
    private double msPerStep = Double.NaN;
    private long lastTrainStep = -1;
    private long lastTrainTs;
    private Long startedAt;
    private long updatedAt;
    private Long finishedAt;
    private String finishReason;
    private String restoredCheckpointId;
    private String lastCheckpointId;

    RunState(String runId, int recentPoints, int archiveBuckets) {
        this.runId = runId;
        for (Metric m : Metric.values()) {
            series.put(m, new MetricSeries(recentPoints, archiveBuckets));
        }
    }

    public String runId() {
        return runId;
    }

    public RunStatus status() {
        return status;
    }

    public long updatedAt() {
        return updatedAt;
    }

    public Long finishedAt() {
        return finishedAt;
    }

    public String sweepId() {
        return sweepId;
    }

    public String health() {
        return health;
    }

    public long step() {
        return step;
    }

    /** The step of an announced checkpoint, or null when the agent never announced it. */
    public Long checkpointStep(String checkpointId) {
        return checkpoints.get(checkpointId);
    }

    public String lastCheckpointId() {
        return lastCheckpointId;
    }

    public MetricSeries series(Metric metric) {
        return series.get(metric);
    }

    void apply(MetricEvent event, Consumer<RunChange> changes) {
        touch(event.ts());
        if (event instanceof RunStarted s) {
            started(s, changes);
        } else if (event instanceof TrainStep t) {
            train(t, changes);
        } else if (event instanceof EvalResult e) {
            eval(e, changes);
        } else if (event instanceof CheckpointSaved c) {
            lastCheckpointId = c.checkpointId();
            checkpoints.remove(c.checkpointId());
            checkpoints.put(c.checkpointId(), c.step());
            while (checkpoints.size() > MAX_LIST) {
                checkpoints.remove(checkpoints.keySet().iterator().next());
            }
        } else if (event instanceof RollbackDone r) {
            rolledBack(r, changes);
        } else if (event instanceof RunFinished f) {
            finished(f, changes);
        } else if (event instanceof Heartbeat h) {
            step = Math.max(step, h.step());
        }
    }

    private void started(RunStarted s, Consumer<RunChange> changes) {
        spec = s.spec();
        policy = s.policy();
        sweepId = s.sweepId();
        agentId = s.agentId();
        totalSteps = s.totalSteps() > 0 ? s.totalSteps() : null;
        startedAt = s.ts();
        if (!status.finished()) {
            status = RunStatus.RUNNING;
        }
        changes.accept(new RunChange("started", runId, s.step(), s.ts(), null));
    }

    private void train(TrainStep t, Consumer<RunChange> changes) {
        if (lastTrainStep >= 0 && t.step() > lastTrainStep && t.ts() > lastTrainTs) {
            double perStep = (double) (t.ts() - lastTrainTs) / (t.step() - lastTrainStep);
            msPerStep = Double.isNaN(msPerStep) ? perStep : msPerStep + ETA_SMOOTHING * (perStep - msPerStep);
        }
        lastTrainStep = t.step();
        lastTrainTs = t.ts();
        step = t.step();
        epoch = t.epoch();
        loss = t.loss();
        lr = t.lr();
        gradNorm = t.gradNorm();
        samplesPerSec = positiveOrKeep(t.samplesPerSec(), samplesPerSec);
        tokensPerSec = positiveOrKeep(t.tokensPerSec(), tokensPerSec);
        if (status == RunStatus.LOST) {
            status = RunStatus.RUNNING;
        }
        series.get(Metric.LOSS).add(t.step(), t.loss());
        series.get(Metric.LR).add(t.step(), t.lr());
        series.get(Metric.GRAD_NORM).add(t.step(), t.gradNorm());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("epoch", t.epoch());
        data.put("loss", t.loss());
        data.put("lr", t.lr());
        data.put("gradNorm", t.gradNorm());
        changes.accept(new RunChange("train", runId, t.step(), t.ts(), data));
    }

    private void eval(EvalResult e, Consumer<RunChange> changes) {
        lastValLoss = e.valLoss();
        evals++;
        if (Double.isFinite(e.valLoss()) && (bestValLoss == null || e.valLoss() < bestValLoss)) {
            bestValLoss = e.valLoss();
            bestValStep = e.step();
        }
        series.get(Metric.VAL_LOSS).add(e.step(), e.valLoss());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("valLoss", e.valLoss());
        data.put("metrics", e.metrics());
        changes.accept(new RunChange("eval", runId, e.step(), e.ts(), data));
    }

    private void rolledBack(RollbackDone r, Consumer<RunChange> changes) {
        step = r.step();
        lastTrainStep = -1;
        marker(new Marker("rollback", r.fromStep(), r.ts(), "rolled back to " + r.checkpointId()
                + " (step " + r.step() + "), lr ×" + r.lrFactor()), changes);
        settle(r.commandId(), r.ts(), r.step(), changes);
    }

    private void finished(RunFinished f, Consumer<RunChange> changes) {
        status = switch (f.status()) {
            case COMPLETED -> RunStatus.COMPLETED;
            case STOPPED -> RunStatus.STOPPED;
            case FAILED -> RunStatus.FAILED;
        };
        finishedAt = f.ts();
        finishReason = f.reason();
        restoredCheckpointId = f.restoredCheckpointId();
        step = Math.max(step, f.step());
        marker(new Marker(f.status() == FinishStatus.STOPPED ? "stop" : "finished", f.step(), f.ts(),
                f.status().wireName() + (f.reason() == null ? "" : ": " + f.reason())), changes);
        for (CommandView c : List.copyOf(commands.values())) {
            if (!CommandView.ISSUED.equals(c.outcome())) {
                continue;
            }
            boolean obeyed = f.status() == FinishStatus.STOPPED && "STOP".equals(c.type());
            update(c.withOutcome(obeyed ? CommandView.OBEYED : CommandView.UNANSWERED, f.ts(), f.step()), changes);
        }
        changes.accept(new RunChange("status", runId, f.step(), f.ts(), Map.of("status", status.wireName())));
    }

    void apply(Alert alert, Consumer<RunChange> changes) {
        touch(alert.ts());
        AlertView view = new AlertView(alert.rule(), alert.severity().wireName(), alert.atStep(), alert.ts(),
                alert.message(), alert.evidence());
        bounded(alerts, view);
        changes.accept(new RunChange("alert", runId, alert.atStep(), alert.ts(), view));
        marker(new Marker("alert", alert.atStep(), alert.ts(), alert.rule() + ": " + alert.message()), changes);
    }

    void apply(RunHealth h, Consumer<RunChange> changes) {
        touch(h.ts());
        health = h.verdict().wireName();
        healthReasons = h.reasons();
        if (h.verdict() == HealthVerdict.LOST && !status.finished()) {
            status = RunStatus.LOST;
        } else if (status == RunStatus.LOST) {
            status = RunStatus.RUNNING; // the analyzer heard from the run again
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("health", health);
        data.put("reasons", healthReasons);
        data.put("status", status.wireName());
        changes.accept(new RunChange("health", runId, h.atStep(), h.ts(), data));
    }

    void apply(RunCommand c, Consumer<RunChange> changes) {
        touch(c.issuedAt());
        if (commands.containsKey(c.commandId())) {
            return; // the same command produced twice (retry, analyzer restart)
        }
        String checkpointId = null;
        Double lrFactor = null;
        Integer skip = null;
        if (c instanceof RollbackCommand r) {
            checkpointId = r.checkpointId();
            lrFactor = r.lrFactor();
            skip = r.skipBatches();
        } else if (c instanceof StopCommand s) {
            checkpointId = s.restoreCheckpointId();
        }
        CommandView view = new CommandView(c.commandId(), c.type().name(), c.rule(), c.origin(), c.reason(),
                c.atStep(), c.issuedAt(), checkpointId, lrFactor, skip, CommandView.ISSUED, null, null, c.evidence());
        if (obeyedBeforeSeen.remove(c.commandId())) {
            view = view.withOutcome(CommandView.OBEYED, c.issuedAt(), c.atStep());
        } else if (status.finished()) {
            boolean obeyed = status == RunStatus.STOPPED && "STOP".equals(view.type());
            view = view.withOutcome(obeyed ? CommandView.OBEYED : CommandView.UNANSWERED, finishedAt, step);
        }
        update(view, changes);
        marker(new Marker("command", c.atStep(), c.issuedAt(), c.type() + " by " + c.origin() + " (" + c.rule()
                + ")"), changes);
    }

    private void settle(String commandId, long ts, long atStep, Consumer<RunChange> changes) {
        CommandView c = commands.get(commandId);
        if (c == null) {
            if (obeyedBeforeSeen.size() < MAX_LIST) {
                obeyedBeforeSeen.add(commandId);
            }
        } else {
            update(c.withOutcome(CommandView.OBEYED, ts, atStep), changes);
        }
    }

    private void update(CommandView view, Consumer<RunChange> changes) {
        commands.put(view.commandId(), view);
        while (commands.size() > MAX_LIST) {
            commands.remove(commands.keySet().iterator().next());
        }
        changes.accept(new RunChange("command", runId, view.atStep(), view.issuedAt(), view));
    }

    private void marker(Marker m, Consumer<RunChange> changes) {
        bounded(markers, m);
        changes.accept(new RunChange("marker", runId, m.step(), m.ts(), m));
    }

    private static <T> void bounded(ArrayDeque<T> deque, T item) {
        deque.addLast(item);
        while (deque.size() > MAX_LIST) {
            deque.pollFirst();
        }
    }

    private void touch(long ts) {
        updatedAt = Math.max(updatedAt, ts);
    }

    private static Double positiveOrKeep(double value, Double previous) {
        return value > 0 && Double.isFinite(value) ? value : previous;
    }

    public RunSummary summary() {
        Double progress = totalSteps == null ? null : Math.min(1.0, (double) step / totalSteps);
        if (status == RunStatus.COMPLETED) {
            progress = 1.0;
        }
        Double eta = null;
        if (status == RunStatus.RUNNING && totalSteps != null && !Double.isNaN(msPerStep)) {
            eta = Math.max(0, totalSteps - step) * msPerStep / 1000.0;
        }
        return new RunSummary(runId, status, health, healthReasons, step, totalSteps, progress, epoch, loss, lr,
                gradNorm, lastValLoss, bestValLoss, bestValStep, samplesPerSec, tokensPerSec, eta, sweepId,
                agentId, hyperparameters(), alerts.size(), startedAt, updatedAt, finishedAt);
    }

    /** What a sweep view needs of this run (only meaningful when {@link #sweepId()} is set). */
    public SweepMemberFacts sweepFacts() {
        return new SweepMemberFacts(runId, spec, policy, status, step, totalSteps, lastValLoss, bestValLoss,
                bestValStep, evals, new ArrayList<>(commands.values()), finishedAt, updatedAt);
    }

    public RunDetail detail() {
        return new RunDetail(summary(), spec, policy, finishReason, restoredCheckpointId, lastCheckpointId,
                new ArrayList<>(alerts), new ArrayList<>(commands.values()), new ArrayList<>(markers));
    }

    private Map<String, Object> hyperparameters() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (spec == null) {
            return out;
        }
        for (String key : KEY_HYPERPARAMETERS) {
            JsonNode v = spec.get(key);
            if (v != null && !v.isNull()) {
                out.put(key, v.isNumber() ? v.numberValue() : v.asText());
            }
        }
        return out;
    }
}
