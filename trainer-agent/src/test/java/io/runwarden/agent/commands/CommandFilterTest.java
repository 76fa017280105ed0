package io.runwarden.agent.commands;

import io.runwarden.engine.TrainerDirective;
import io.runwarden.protocol.RollbackCommand;
import io.runwarden.protocol.StopCommand;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandFilterTest {

    private static final long START = 1_000_000;
    private final CommandFilter filter = new CommandFilter("run-a", START);

    @Test
    void obeysAStopForItsRunWithTheRestoreCheckpoint() {
        CommandFilter.Decision d = filter.decide(stop("c1", "run-a", START + 10, "step-40"));
        assertTrue(d.obeyed());
        TrainerDirective.Stop stop = assertInstanceOf(TrainerDirective.Stop.class, d.directive());
        assertEquals("c1", stop.commandId());
        assertEquals("step-40", stop.restoreCheckpointId());
        assertTrue(stop.reason().contains("early-stopping"), stop.reason());
        assertTrue(stop.reason().contains("valLoss did not improve"), stop.reason());
    }

    @Test
    void obeysARollbackWithItsParameters() {
        CommandFilter.Decision d = filter.decide(new RollbackCommand("c2", "run-a", "loss-spike", "spike", 41,
                START + 1, "analyzer", null, "step-30", 30, 0.5, 4));
        TrainerDirective.Rollback rb = assertInstanceOf(TrainerDirective.Rollback.class, d.directive());
        assertEquals("step-30", rb.checkpointId());
        assertEquals(0.5, rb.lrFactor());
        assertEquals(4, rb.skipBatches());
        assertEquals("c2", rb.commandId());
    }

    @Test
    void ignoresCommandsForOtherRuns() {
        CommandFilter.Decision d = filter.decide(stop("c1", "run-b", START + 10, null));
        assertFalse(d.obeyed());
        assertTrue(d.ignoredBecause().contains("run-b"));
    }

    @Test
    void ignoresADuplicateCommandId() {
        assertTrue(filter.decide(stop("c1", "run-a", START + 10, null)).obeyed());
        CommandFilter.Decision again = filter.decide(stop("c1", "run-a", START + 20, null));
        assertFalse(again.obeyed());
        assertTrue(again.ignoredBecause().contains("duplicate"));
    }

    @Test
    void ignoresCommandsIssuedBeforeTheRunStarted() {
        CommandFilter.Decision d = filter.decide(stop("old", "run-a", START - 1, null));
        assertFalse(d.obeyed());
        assertTrue(d.ignoredBecause().contains("before this run started"));
        // Issued exactly at the start is this run's.
        assertTrue(filter.decide(stop("now", "run-a", START, null)).obeyed());
    }

    private static StopCommand stop(String id, String runId, long issuedAt, String restore) {
        return new StopCommand(id, runId, "early-stopping", "valLoss did not improve", 40, issuedAt, "analyzer",
                null, restore, restore == null ? null : 40L);
    }
}
