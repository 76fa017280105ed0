package io.runwarden.agent.telemetry;

import io.runwarden.protocol.CheckpointSaved;
import io.runwarden.protocol.EvalResult;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.Heartbeat;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.MetricType;
import io.runwarden.protocol.RollbackDone;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.RunStarted;
import io.runwarden.protocol.TrainStep;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class TelemetryBufferTest {

    private static final String RUN = "r1";

    @Test
    void offerNeverBlocksWhenNobodyDrainsAndCountsWhatOverflowed() {
        TelemetryBuffer buffer = new TelemetryBuffer(100);
        // No sender: every offer past the capacity must return at once and be counted.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int step = 1; step <= 10_000; step++) {
                buffer.offer(train(step));
            }
        });
        assertEquals(100, buffer.size());
        assertEquals(9_900, buffer.droppedCount());
        assertEquals(10_000, buffer.offeredCount());
    }

    @Test
    void lifecycleMessagesSurviveOverflowAndKeepTheirOrder() throws Exception {
        TelemetryBuffer buffer = new TelemetryBuffer(10);
        buffer.offer(started());
        for (int step = 1; step <= 50; step++) {
            buffer.offer(train(step));
            if (step % 10 == 0) {
                buffer.offer(new CheckpointSaved(RUN, step, 0, "step-" + step, 1.0));
            }
        }
        buffer.offer(new RollbackDone(RUN, 30, 0, 50, "step-30", 0.5, 2, "c1"));
        for (int i = 0; i < 20; i++) {
            buffer.offer(new CheckpointSaved(RUN, 100 + i, 0, "extra-" + i, null));
        }
        buffer.offer(new RunFinished(RUN, 50, 0, FinishStatus.COMPLETED, null, null));

        List<MetricEvent> out = drain(buffer);
        List<MetricEvent> lifecycle = out.stream().filter(e -> e.type() != MetricType.TRAIN).toList();
        assertEquals(1 + 5 + 1 + 20 + 1, lifecycle.size(), "no lifecycle message may be lost");
        assertEquals(MetricType.RUN_STARTED, out.get(0).type());
        assertEquals(MetricType.RUN_FINISHED, out.get(out.size() - 1).type());
        assertTrue(out.size() > buffer.capacity(), "lifecycle messages go in above the capacity");
        assertTrue(buffer.droppedCount() > 0);
        // What is kept stays in the order it was offered.
        for (int i = 1; i < out.size(); i++) {
            assertTrue(offerIndex(out.get(i - 1)) <= offerIndex(out.get(i)), "order at " + i);
        }
    }

    @Test
    void overflowEvictsHeartbeatsBeforeTrainStepsAndTrainStepsBeforeEvals() throws Exception {
        TelemetryBuffer buffer = new TelemetryBuffer(4);
        buffer.offer(new Heartbeat(RUN, 0, 0));
        buffer.offer(train(1));
        buffer.offer(new EvalResult(RUN, 1, 0, 0.1, 2.0, null));
        buffer.offer(train(2));
        buffer.offer(train(3)); // full: the heartbeat goes
        buffer.offer(new EvalResult(RUN, 3, 0, 0.2, 1.9, null)); // then the oldest train step
        assertFalse(buffer.offer(new Heartbeat(RUN, 3, 0)), "a heartbeat cannot push out anything");

        List<MetricEvent> out = drain(buffer);
        assertEquals(List.of("eval@1", "train@2", "train@3", "eval@3"),
                out.stream().map(e -> e.type().wireName() + "@" + e.step()).toList());
        assertEquals(3, buffer.droppedCount());
    }

    @Test
    void aHeartbeatRightBehindAnotherReplacesIt() throws Exception {
        TelemetryBuffer buffer = new TelemetryBuffer(10);
        buffer.offer(train(1));
        buffer.offer(new Heartbeat(RUN, 1, 100));
        buffer.offer(new Heartbeat(RUN, 1, 200));
        buffer.offer(new Heartbeat(RUN, 1, 300));
        List<MetricEvent> out = drain(buffer);
        assertEquals(2, out.size());
        assertEquals(300, out.get(1).ts());
        assertEquals(2, buffer.condensedCount());
        assertEquals(0, buffer.droppedCount());
    }

    @Test
    void pollReturnsNullWhenNothingCame() throws Exception {
        assertNull(new TelemetryBuffer(1).poll(Duration.ofMillis(1)));
    }

    private static List<MetricEvent> drain(TelemetryBuffer buffer) throws InterruptedException {
        List<MetricEvent> out = new ArrayList<>();
        MetricEvent e;
        while ((e = buffer.poll(Duration.ZERO)) != null) {
            out.add(e);
        }
        return out;
    }

    /** Offer order of the lifecycle test: run-started, then by step, extras last. */
    private static long offerIndex(MetricEvent e) {
        return switch (e.type()) {
            case RUN_STARTED -> -1;
            case ROLLBACK_DONE -> 1_000 - 1;
            case RUN_FINISHED -> 10_000;
            default -> e.step() >= 100 ? 1_000 + e.step() : e.step();
        };
    }

    private static TrainStep train(long step) {
        return new TrainStep(RUN, step, 0, 0.1, 1.0, 1e-4, 0.5, 1, 1, 1);
    }

    private static RunStarted started() {
        return new RunStarted(RUN, 0, 0, JsonNodeFactory.instance.objectNode(), 50, null, null, "a");
    }
}
