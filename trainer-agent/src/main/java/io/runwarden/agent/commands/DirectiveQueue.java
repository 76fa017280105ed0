package io.runwarden.agent.commands;

import io.runwarden.agent.run.RunAbandoned;
import io.runwarden.engine.DirectiveSource;
import io.runwarden.engine.TrainerDirective;

import java.util.concurrent.ConcurrentLinkedQueue;

/** Directives accepted by the command consumer, polled by the training loop between steps (never blocks). */
public final class DirectiveQueue implements DirectiveSource {

    private final ConcurrentLinkedQueue<TrainerDirective> queue = new ConcurrentLinkedQueue<>();
    private volatile String abandonedRunId;

    public void add(TrainerDirective directive) {
        queue.add(directive);
    }

    /** Makes the next poll end the run without finishing it (see {@link RunAbandoned}). */
    public void abandon(String runId) {
        abandonedRunId = runId;
    }

    @Override
    public TrainerDirective poll() {
        if (abandonedRunId != null) {
            throw new RunAbandoned(abandonedRunId);
        }
        return queue.poll();
    }
}
