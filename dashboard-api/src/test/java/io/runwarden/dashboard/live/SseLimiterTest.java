package io.runwarden.dashboard.live;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SseLimiterTest {

    @Test
    void capsEachCallerSeparatelyAndFreesSlots() {
        SseLimiter limiter = new SseLimiter(2);
        assertTrue(limiter.tryAcquire("user:ann"));
        assertTrue(limiter.tryAcquire("user:ann"));
        assertFalse(limiter.tryAcquire("user:ann"), "a third stream for ann is refused");
        assertTrue(limiter.tryAcquire("addr:10.0.0.7"), "other callers are not affected");
        assertEquals(3, limiter.total());
        limiter.release("user:ann");
        assertTrue(limiter.tryAcquire("user:ann"));
        assertEquals(3, limiter.total());
    }
}
