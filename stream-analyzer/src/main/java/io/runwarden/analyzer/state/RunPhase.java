package io.runwarden.analyzer.state;

/** Where a run is in its life, as far as the analyzer knows. */
public enum RunPhase {
    RUNNING,
    /** The analyzer sent STOP: no further commands. */
    STOPPED,
    /** The run said it finished. */
    FINISHED
}
