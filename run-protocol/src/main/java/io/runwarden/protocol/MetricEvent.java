package io.runwarden.protocol;

/**
 * A message on {@link Topics#METRICS}. Every message carries the protocol version, its type, the run, the
 * optimizer step it belongs to and the wall-clock time it was produced (epoch millis).
 */
public sealed interface MetricEvent
        permits RunStarted, TrainStep, EvalResult, CheckpointSaved, RollbackDone, RunFinished, Heartbeat {

    String runId();

    long step();

    long ts();

    MetricType type();
}
