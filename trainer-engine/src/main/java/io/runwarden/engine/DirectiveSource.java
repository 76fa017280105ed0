package io.runwarden.engine;

/** Where the training loop looks for directives between steps. Must never block. */
@FunctionalInterface
public interface DirectiveSource {

    /** The next pending directive, or null when there is none. */
    TrainerDirective poll();

    DirectiveSource NONE = () -> null;
}
