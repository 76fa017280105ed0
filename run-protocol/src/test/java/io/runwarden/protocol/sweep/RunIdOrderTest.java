package io.runwarden.protocol.sweep;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RunIdOrderTest {

    @Test
    void numbersCompareAsNumbers() {
        List<String> ids = new ArrayList<>(List.of("s-10", "s-2", "s-1", "s-02", "t-0", "s-9b", "s-9a"));

        ids.sort(RunIdOrder.NATURAL);

        assertEquals(List.of("s-1", "s-02", "s-2", "s-9a", "s-9b", "s-10", "t-0"), ids);
    }
}
