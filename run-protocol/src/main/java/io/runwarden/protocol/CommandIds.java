package io.runwarden.protocol;

/**
 * Deterministic command ids: the same trigger (run, rule, step) always yields the same id, so a command
 * produced twice (a retry, an analyzer restart) is recognised by the agent as one.
 */
public final class CommandIds {

    /** Origin of every command the analyzer issues. */
    public static final String ANALYZER_ORIGIN = "analyzer";

    private CommandIds() {
    }

    public static String of(String runId, String rule, long atStep) {
        return runId + "/" + rule + "/" + atStep;
    }
}
