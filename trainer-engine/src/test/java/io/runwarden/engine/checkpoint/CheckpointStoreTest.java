package io.runwarden.engine.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointStoreTest {

    private static TrainingState state(long step, Double valLoss) {
        return new TrainingState("r", step, 1, 3, 0.5, step, 0, valLoss, valLoss, "step-" + step, List.of("c1"));
    }

    @Test
    void savesAndLoadsTensorsAndStateExactly(@TempDir Path work) {
        CheckpointStore store = new CheckpointStore(work);
        float[] w = {1.5f, Float.NaN, -0f, Float.MIN_VALUE};
        store.save(state(10, 1.25), Map.of("w", w), Map.of("m.w", new float[] {2f}));
        CheckpointStore.Checkpoint c = store.load("step-10");
        assertArrayEquals(w, c.params().get("w"));
        assertArrayEquals(new float[] {2f}, c.optimizer().get("m.w"));
        assertEquals(state(10, 1.25), c.state());
    }

    @Test
    void keepsTheLastKAndTheBest(@TempDir Path work) {
        CheckpointStore store = new CheckpointStore(work);
        for (int s = 10; s <= 60; s += 10) {
            store.save(state(s, null), Map.of(), Map.of());
            store.prune(3, "step-20");
        }
        assertEquals(List.of("step-20", "step-40", "step-50", "step-60"), store.list());
        assertEquals("step-60", store.latest().orElseThrow());
        store.deleteAfter(40, null);
        assertEquals(List.of("step-20", "step-40"), store.list());
        assertTrue(store.exists("step-40"));
    }
}
