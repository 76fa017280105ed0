package io.runwarden.agent.commands;

import io.runwarden.engine.DirectiveSource;
import io.runwarden.engine.TrainerDirective;

import java.util.concurrent.ConcurrentLinkedQueue;

/** Directives accepted by the command consumer, polled by the training loop between steps (never blocks). */
public final class DirectiveQueue implements DirectiveSource {

    private final ConcurrentLinkedQueue<TrainerDirective> queue = new ConcurrentLinkedQueue<>();

    public void add(TrainerDirective directive) {
        queue.add(directive);
    }

    @Override
    public TrainerDirective poll() {
        return queue.poll();
    }
}
