package io.runwarden.agent.telemetry;

import io.runwarden.protocol.MetricEvent;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The thread that drains the {@link TelemetryBuffer} into Kafka, one message at a time and in order. A message
 * taken from the buffer is held until the producer accepted it: while the broker is unreachable the producer
 * buffers and retries on its own, and when even its buffer is full (or the topic's metadata is unknown)
 * {@code send} times out, and the same message is tried again after a pause. Nothing here ever touches the
 * training thread.
 */
public final class TelemetrySender implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TelemetrySender.class);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    private final TelemetryBuffer buffer;
    private final Producer<String, MetricEvent> producer;
    private final String topic;
    private final Thread thread;
    private final Object progress = new Object();
    private final AtomicLong handed = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean running = true;
    private volatile MetricEvent pending;
    private volatile boolean brokerTrouble;
    private long lastTroubleLogNanos;

    public TelemetrySender(TelemetryBuffer buffer, Producer<String, MetricEvent> producer, String topic) {
        this.buffer = buffer;
        this.producer = producer;
        this.topic = topic;
        this.thread = new Thread(this::loop, "runwarden-telemetry-sender");
        this.thread.setDaemon(true);
    }

    public TelemetrySender start() {
        thread.start();
        return this;
    }

    public boolean isAlive() {
        return thread.isAlive();
    }

    /** True while the last send attempt could not reach Kafka. */
    public boolean brokerTrouble() {
        return brokerTrouble;
    }

    public long acknowledgedCount() {
        return acknowledged.get();
    }

    /** Messages Kafka finally refused (after the producer's delivery timeout). */
    public long failedCount() {
        return failed.get();
    }

    /** Waits until every buffered message was acknowledged by Kafka (or finally failed); false on timeout. */
    public boolean awaitDelivered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!(buffer.isEmpty() && pending == null && handed.get() == acknowledged.get() + failed.get())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                progress.wait(Math.max(1, Math.min(100, left / 1_000_000)));
            }
            return true;
        }
    }

    private void loop() {
        while (running) {
            try {
                if (pending == null) {
                    pending = buffer.poll(Duration.ofMillis(200));
                }
                if (pending != null) {
                    send(pending);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void send(MetricEvent event) throws InterruptedException {
        try {
            // The producer fails a record (through its callback, not by throwing) when the topic's metadata is
            // unknown, e.g. while the broker is away. Asking for the partitions first waits for the metadata
            // and throws instead, so the message stays here and nothing behind it overtakes it.
            producer.partitionsFor(topic);
            producer.send(new ProducerRecord<>(topic, event.runId(), event), (metadata, error) -> {
                if (error == null) {
                    acknowledged.incrementAndGet();
                    brokerTrouble = false;
                } else {
                    failed.incrementAndGet();
                    LOG.errorf("Kafka refused a %s message of run %s at step %d after retrying: %s",
                            event.type().wireName(), event.runId(), event.step(), error.toString());
                }
                synchronized (progress) {
                    progress.notifyAll();
                }
            });
            handed.incrementAndGet();
            pending = null;
        } catch (TimeoutException e) {
            // Topic metadata unknown or the producer's own buffer full: keep the message, try again shortly.
            brokerTrouble = true;
            logTrouble(e);
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (RuntimeException e) {
            if (!running) {
                return;
            }
            failed.incrementAndGet();
            pending = null;
            LOG.errorf(e, "Could not hand a %s message of run %s to Kafka; it is lost", event.type().wireName(),
                    event.runId());
        }
    }

    private void logTrouble(Exception e) {
        long now = System.nanoTime();
        if (now - lastTroubleLogNanos > Duration.ofSeconds(10).toNanos()) {
            lastTroubleLogNanos = now;
            LOG.warnf("Kafka is unreachable (%s); telemetry is held in memory (%d buffered) and sent in order "
                    + "when it returns", e.getMessage(), buffer.size());
        }
    }

    /** Tries to deliver what is buffered within {@code drainTimeout}, then stops the thread and the producer. */
    public void close(Duration drainTimeout) {
        try {
            if (!awaitDelivered(drainTimeout)) {
                LOG.warnf("Telemetry not fully delivered within %s: %d message(s) still buffered", drainTimeout,
                        buffer.size() + (pending == null ? 0 : 1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
