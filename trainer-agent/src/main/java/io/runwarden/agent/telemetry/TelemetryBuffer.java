package io.runwarden.agent.telemetry;

import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.MetricType;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The bounded, ordered hand-off between the training thread and the sender thread.
 *
 * <p>{@link #offer} never waits for room: when the buffer is full it makes room by evicting the oldest message
 * that matters least (heartbeat, then train, then eval), or drops the offered message when nothing in the buffer
 * matters less. Lifecycle messages (run-started, checkpoint, rollback-done, run-finished) are never evicted or
 * dropped: when only lifecycle messages are left they go in above the capacity (they are few). A heartbeat
 * offered right behind another heartbeat of the same run replaces it. Every loss is counted and logged at
 * WARN, at most once per {@code warnInterval}.
 */
public final class TelemetryBuffer {

    private static final Logger LOG = Logger.getLogger(TelemetryBuffer.class);

    private final int capacity;
    private final ArrayDeque<MetricEvent> queue;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong condensed = new AtomicLong();
    private final AtomicLong offered = new AtomicLong();
    private final LongSupplier nanoClock;
    private final long warnIntervalNanos;
    private long lastWarnNanos;
    private long droppedAtLastWarn;
    private boolean warnedOnce;

    public TelemetryBuffer(int capacity) {
        this(capacity, Duration.ofSeconds(10), System::nanoTime);
    }

    public TelemetryBuffer(int capacity, Duration warnInterval, LongSupplier nanoClock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("runwarden.agent.telemetry.buffer-capacity must be >= 1, was "
                    + capacity);
        }
        this.capacity = capacity;
        this.queue = new ArrayDeque<>(Math.min(capacity, 4096));
        this.warnIntervalNanos = warnInterval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Hands a message over without ever waiting for room. Returns false when the message itself was dropped. */
    public boolean offer(MetricEvent event) {
        offered.incrementAndGet();
        boolean accepted;
        String lostType = null;
        lock.lock();
        try {
            if (event.type() == MetricType.HEARTBEAT && !queue.isEmpty()
                    && queue.peekLast().type() == MetricType.HEARTBEAT
                    && queue.peekLast().runId().equals(event.runId())) {
                queue.pollLast();
                queue.addLast(event);
                condensed.incrementAndGet();
                return true;
            }
            if (queue.size() < capacity) {
                queue.addLast(event);
                accepted = true;
            } else {
                MetricEvent evicted = evictLessImportantThan(rank(event));
                if (evicted != null) {
                    queue.addLast(event);
                    accepted = true;
                    lostType = evicted.type().wireName();
                } else if (isLifecycle(event)) {
                    queue.addLast(event); // never dropped: goes in above the capacity
                    accepted = true;
                } else {
                    accepted = false;
                    lostType = event.type().wireName();
                }
            }
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        if (lostType != null) {
            dropped.incrementAndGet();
            warnRateLimited(lostType);
        }
        return accepted;
    }

    /**
     * Takes the oldest message, waiting up to {@code timeout} for one; null when none came. The sender holds a
     * taken message until Kafka accepted it, so nothing taken is lost and the order is kept.
     */
    public MetricEvent poll(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return queue.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    public int capacity() {
        return capacity;
    }

    /** Messages lost to overflow (the offered one, or an older one evicted for it). */
    public long droppedCount() {
        return dropped.get();
    }

    /** Heartbeats folded into the next one. */
    public long condensedCount() {
        return condensed.get();
    }

    public long offeredCount() {
        return offered.get();
    }

    private MetricEvent evictLessImportantThan(int incomingRank) {
        // Lowest rank first, oldest first within a rank: heartbeats go before train steps, train before eval.
        for (int r = 0; r <= Math.min(incomingRank, 2); r++) {
            Iterator<MetricEvent> it = queue.iterator();
            while (it.hasNext()) {
                MetricEvent e = it.next();
                if (rank(e) == r) {
                    it.remove();
                    return e;
                }
            }
        }
        return null;
    }

    private void warnRateLimited(String lostType) {
        long now = nanoClock.getAsLong();
        synchronized (this) {
            if (warnedOnce && now - lastWarnNanos < warnIntervalNanos) {
                return;
            }
            long total = dropped.get();
            LOG.warnf("Telemetry buffer full (capacity %d): %d message(s) dropped since the last warning, %d in all "
                            + "(latest: %s). Kafka is slow or unreachable; training goes on. "
                            + "Metric runwarden_agent_telemetry_dropped_total counts them.",
                    capacity, total - droppedAtLastWarn, total, lostType);
            droppedAtLastWarn = total;
            lastWarnNanos = now;
            warnedOnce = true;
        }
    }

    /** 0 heartbeat, 1 train, 2 eval, 3 lifecycle (never dropped). */
    static int rank(MetricEvent e) {
        return switch (e.type()) {
            case HEARTBEAT -> 0;
            case TRAIN -> 1;
            case EVAL -> 2;
            default -> 3;
        };
    }

    static boolean isLifecycle(MetricEvent e) {
        return rank(e) == 3;
    }
}
