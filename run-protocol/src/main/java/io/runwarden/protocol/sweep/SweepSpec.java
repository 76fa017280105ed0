package io.runwarden.protocol.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwarden.protocol.RunSpec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A hyperparameter sweep: a base run spec and the values to vary, expanded by {@link SweepExpander} into member
 * runs. Read it with {@link SweepSpecCodec}; the JSON shape is documented in the README's sweeps section.
 *
 * @param sweepId       the sweep's id; members are {@code <sweepId>-<index>}
 * @param base          the run spec every member starts from
 * @param grid          axes in order: a RunSpec field name (or several joined by commas, varied together as
 *                      tuples, e.g. {@code "batchSize,gradAccumulation"}) → its values; every combination is a
 *                      member
 * @param randomSamples how many random draws per grid point (0: no random search)
 * @param random        RunSpec field → distribution, drawn {@code randomSamples} times
 * @param seed          seed of the random draws and of the budget's subset
 * @param budget        caps on the number of members and their total planned steps
 * @param linearScaling scale each member's learning rate by its effective batch / the base's effective batch
 * @param pruning       the cross-run stop policy (median rule, ASHA or none)
 * @param policy        the single-run stop policy given to every member's run request, or null
 */
public record SweepSpec(String sweepId, RunSpec base, Map<String, List<JsonNode>> grid, int randomSamples,
                        Map<String, Distribution> random, long seed, SweepBudget budget, boolean linearScaling,
                        SweepPolicy pruning, JsonNode policy) {

    public SweepSpec {
        Objects.requireNonNull(sweepId, "sweepId");
        Objects.requireNonNull(base, "base");
        grid = grid == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(grid));
        random = random == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(random));
        budget = budget == null ? SweepBudget.unlimited() : budget;
        pruning = pruning == null ? SweepPolicy.none() : pruning;
    }
}
