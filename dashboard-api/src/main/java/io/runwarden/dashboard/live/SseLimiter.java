package io.runwarden.dashboard.live;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Caps the open streams of each caller. Plain class. */
public final class SseLimiter {

    private final int maxPerCaller;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    public SseLimiter(int maxPerCaller) {
        this.maxPerCaller = maxPerCaller;
    }

    /** Takes a slot for the caller; false when the caller already holds the maximum. */
    public boolean tryAcquire(String caller) {
        boolean[] granted = {false};
        open.compute(caller, (k, n) -> {
            int current = n == null ? 0 : n;
            if (current >= maxPerCaller) {
                return n;
            }
            granted[0] = true;
            return current + 1;
        });
        if (granted[0]) {
            total.incrementAndGet();
        }
        return granted[0];
    }

    public void release(String caller) {
        open.computeIfPresent(caller, (k, n) -> n <= 1 ? null : n - 1);
        total.decrementAndGet();
    }

    public int total() {
        return total.get();
    }
}
