package io.runwarden.protocol.sweep;

import io.runwarden.protocol.RunRequest;
import io.runwarden.protocol.codec.ProtocolCodec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepRequestsTest {

    @Test
    void thePruningPolicyTravelsUnderPolicySweepNextToTheSingleRunPolicy() {
        SweepPlan plan = SweepExpanderTest.expand("""
                {"sweepId": "lr", "grid": {"learningRate": [1e-4, 2e-4, 5e-4]},
                 "pruning": {"rule": "median", "minMembers": 2, "graceEvals": 0},
                 "policy": {"earlyStopping": {"patience": 3}}}""");
        List<RunRequest> requests = SweepRequests.of(plan, "user:ann", 99);
        assertEquals(3, requests.size());
        for (RunRequest r : requests) {
            RunRequest decoded = ProtocolCodec.decodeRunRequest(ProtocolCodec.encodeRunRequest(r));
            assertEquals("lr", decoded.sweepId());
            assertEquals("user:ann", decoded.submittedBy());
            assertEquals(3, decoded.policy().path("earlyStopping").path("patience").asInt());
            SweepPolicy pruning = SweepRequests.pruningOf(decoded.policy());
            assertEquals(plan.spec().pruning(), pruning, "the analyzer reads back exactly the sweep's policy");
            assertEquals("median", decoded.policy().path("sweep").path("rule").asText());
            assertEquals(2, decoded.policy().path("sweep").path("minMembers").asInt());
        }
        // each request has its own copy: changing one changes no other
        ((com.fasterxml.jackson.databind.node.ObjectNode) requests.get(0).policy()).remove("sweep");
        assertTrue(requests.get(1).policy().has("sweep"));
    }

    @Test
    void ashaWithoutASingleRunPolicyGetsAPolicyOfItsOwn() {
        SweepPlan plan = SweepExpanderTest.expand("""
                {"sweepId": "a", "grid": {"learningRate": [1e-4, 2e-4]},
                 "pruning": {"rule": "asha", "rungs": [20, 60], "eta": 3}}""");
        RunRequest r = SweepRequests.of(plan, "cli:ada", 1).get(0);
        assertEquals(List.of("sweep"), iterable(r.policy().fieldNames()));
        assertEquals(List.of(20L, 60L), SweepRequests.pruningOf(r.policy()).ashaRungs());
    }

    @Test
    void noPruningLeavesThePolicyAsTheSpecGaveIt() {
        SweepPlan none = SweepExpanderTest.expand("""
                {"sweepId": "n", "grid": {"learningRate": [1e-4]}, "pruning": {"rule": "none"}}""");
        assertNull(SweepRequests.of(none, "x", 1).get(0).policy());
        assertNull(SweepRequests.pruningOf(null));
        SweepPlan withPolicy = SweepExpanderTest.expand("""
                {"sweepId": "n", "grid": {"learningRate": [1e-4]}, "policy": {"earlyStopping": {"patience": 2}}}""");
        RunRequest r = SweepRequests.of(withPolicy, "x", 1).get(0);
        assertEquals(List.of("earlyStopping"), iterable(r.policy().fieldNames()));
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
