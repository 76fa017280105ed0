package io.runwarden.agent.telemetry;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.agent.testing.TestSpecs;
import io.runwarden.engine.EvalReport;
import io.runwarden.engine.FinishReport;
import io.runwarden.engine.RollbackReport;
import io.runwarden.engine.StepReport;
import io.runwarden.protocol.CheckpointSaved;
import io.runwarden.protocol.EvalResult;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.RollbackDone;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.RunSpec;
import io.runwarden.protocol.RunStarted;
import io.runwarden.protocol.TrainStep;
import io.runwarden.protocol.codec.ProtocolCodec;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportMapperTest {

    private static final long NOW = 1_763_820_000_000L;
    private final ObjectNode policy = JsonNodeFactory.instance.objectNode().put("patience", 3);
    private final ReportMapper mapper = new ReportMapper(
            new ReportMapper.RunIdentity("run-x", "agent-1", "sweep-7", policy), () -> NOW);

    @Test
    void runStartedCarriesTheFullSpecTotalStepsPolicySweepAndAgent() {
        RunSpec spec = TestSpecs.spec(40).withDefaults();
        RunStarted m = roundTrip(mapper.runStarted(spec, 40, 0));
        assertEquals("run-x", m.runId());
        assertEquals(0, m.step());
        assertEquals(NOW, m.ts());
        assertEquals(40, m.totalSteps());
        assertEquals(spec, ProtocolCodec.specFromJson(m.spec()), "the spec travels whole and parses back");
        assertEquals(3, m.policy().get("patience").asInt());
        assertEquals("sweep-7", m.sweepId());
        assertEquals("agent-1", m.agentId());
    }

    @Test
    void aResumedRunStartsAtItsResumeStep() {
        assertEquals(30, mapper.runStarted(TestSpecs.spec(40), 40, 30).step());
    }

    @Test
    void trainStepKeepsEveryFigureIncludingNonFiniteLoss() {
        TrainStep m = roundTrip(mapper.train(new StepReport(17, 0.27, Double.NaN, 1.96e-4, Double.POSITIVE_INFINITY,
                212.0, 13568.0, 37.7)));
        assertEquals(17, m.step());
        assertEquals(0.27, m.epoch());
        assertTrue(Double.isNaN(m.loss()));
        assertEquals(1.96e-4, m.lr());
        assertEquals(Double.POSITIVE_INFINITY, m.gradNorm());
        assertEquals(212.0, m.samplesPerSec());
        assertEquals(13568.0, m.tokensPerSec());
        assertEquals(37.7, m.stepMillis());
    }

    @Test
    void evalCheckpointRollbackAndFinishMapFieldForField() {
        EvalResult eval = roundTrip(mapper.eval(new EvalReport(50, 0.8, 1.62, Map.of("accuracy", 0.41))));
        assertEquals(1.62, eval.valLoss());
        assertEquals(0.41, eval.metrics().get("accuracy"));

        CheckpointSaved ckpt = roundTrip(mapper.checkpoint(50, "step-50", 1.62));
        assertEquals("step-50", ckpt.checkpointId());
        assertEquals(1.62, ckpt.valLoss());

        RollbackDone rb = roundTrip(mapper.rollbackDone(new RollbackReport(41, 30, "step-30", 0.5, 4, "cmd-9")));
        assertEquals(30, rb.step(), "step is the restored step");
        assertEquals(41, rb.fromStep());
        assertEquals("step-30", rb.checkpointId());
        assertEquals(0.5, rb.lrFactor());
        assertEquals(4, rb.skippedBatches());
        assertEquals("cmd-9", rb.commandId());

        RunFinished fin = roundTrip(mapper.finished(new FinishReport(240, FinishStatus.STOPPED, "early stopping",
                "step-150", null)));
        assertEquals(FinishStatus.STOPPED, fin.status());
        assertEquals("early stopping", fin.reason());
        assertEquals("step-150", fin.restoredCheckpointId());
        assertEquals(240, fin.step());
    }

    @SuppressWarnings("unchecked")
    private static <T extends MetricEvent> T roundTrip(T event) {
        return (T) ProtocolCodec.decodeMetric(ProtocolCodec.encodeMetric(event));
    }
}
