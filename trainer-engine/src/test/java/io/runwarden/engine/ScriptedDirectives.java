package io.runwarden.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/** Hands out directives once training has reached given steps (as an agent would after a Kafka message). */
class ScriptedDirectives implements DirectiveSource {

    private final TreeMap<Long, Deque<TrainerDirective>> byStep = new TreeMap<>();
    private final LongSupplier currentStep;

    ScriptedDirectives(LongSupplier currentStep) {
        this.currentStep = currentStep;
    }

    ScriptedDirectives at(long step, TrainerDirective directive) {
        byStep.computeIfAbsent(step, s -> new ArrayDeque<>()).add(directive);
        return this;
    }

    @Override
    public TrainerDirective poll() {
        Map.Entry<Long, Deque<TrainerDirective>> first = byStep.firstEntry();
        if (first == null || first.getKey() > currentStep.getAsLong()) {
            return null;
        }
        TrainerDirective d = first.getValue().poll();
        if (first.getValue().isEmpty()) {
            byStep.remove(first.getKey());
        }
        return d;
    }
}
