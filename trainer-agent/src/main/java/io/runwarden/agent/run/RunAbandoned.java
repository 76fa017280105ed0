package io.runwarden.agent.run;

/**
 * Thrown into the training loop (from the directive source, between two steps) when the agent shuts down in
 * pool mode: the run stops where it is without finishing, its request stays uncommitted, and another agent
 * resumes it from its newest checkpoint.
 */
public final class RunAbandoned extends RuntimeException {

    public RunAbandoned(String runId) {
        super("run " + runId + " abandoned: the agent is shutting down; its request will be delivered again");
    }
}
