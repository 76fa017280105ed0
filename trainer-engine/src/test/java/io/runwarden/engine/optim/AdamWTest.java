package io.runwarden.engine.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.runwarden.engine.model.Param;
import io.runwarden.engine.runtime.TorchRuntime;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AdamWTest {

    @Test
    void oneStepMatchesTheHandComputedUpdateAndSkipsDecayOnBiases() {
        double lr = 0.1;
        double wd = 0.5;
        try (NDManager m = TorchRuntime.engine().newBaseManager(Device.cpu())) {
            // different sizes and a matrix, so the flat layout of the moments is exercised
            Param weight = new Param("w", new float[] {1.0f, -2.0f, 1.0f, -2.0f}, new Shape(2, 2), true, true, m);
            Param bias = new Param("b", new float[] {1.0f, -2.0f}, new Shape(2), true, false, m);
            AdamW adam = new AdamW(wd, m);
            float[] g = {0.5f, -0.25f, 0.5f, -0.25f};
            try (NDManager scope = m.newSubManager()) {
                weight.array().tempAttach(scope);
                bias.array().tempAttach(scope);
                adam.step(List.of(weight, bias), Map.of("w", scope.create(g, new Shape(2, 2)),
                        "b", scope.create(new float[] {g[0], g[1]})), lr, 1.0, scope);
            }
            for (int i = 0; i < 2; i++) {
                double p0 = i == 0 ? 1.0 : -2.0;
                assertEquals(weight.values()[i], weight.values()[i + 2], 1e-7);
                double mHat = (1 - AdamW.BETA1) * g[i] / (1 - AdamW.BETA1);
                double vHat = (1 - AdamW.BETA2) * g[i] * g[i] / (1 - AdamW.BETA2);
                double adamStep = lr * mHat / (Math.sqrt(vHat) + AdamW.EPS);
                // decoupled decay first: p·(1 − lr·wd), then the Adam step (≈ lr·sign(g) on step 1)
                assertEquals(p0 * (1 - lr * wd) - adamStep, weight.values()[i], 1e-6, "weight " + i);
                assertEquals(p0 - adamStep, bias.values()[i], 1e-6, "bias " + i);
            }
            assertEquals(1, adam.stepCount());
        }
    }

    @Test
    void theClippingScaleMultipliesTheGradientAndStateRoundTrips() {
        try (NDManager m = TorchRuntime.engine().newBaseManager(Device.cpu())) {
            Param p = new Param("w", new float[] {0f}, new Shape(1), true, false, m);
            AdamW adam = new AdamW(0.0, m);
            for (int step = 0; step < 2; step++) {
                try (NDManager scope = m.newSubManager()) {
                    p.array().tempAttach(scope);
                    adam.step(List.of(p), Map.of("w", scope.create(new float[] {4f})), 0.01, 0.25, scope);
                }
            }
            Map<String, float[]> state = adam.exportState();
            // m after two steps of g = 4 × 0.25 = 1: 0.1 + 0.9·0.1 = 0.19; v: 0.001 + 0.999·0.001 = 0.001999
            assertEquals(0.19f, state.get("m.w")[0], 1e-6);
            assertEquals(0.001999f, state.get("v.w")[0], 1e-7);
            AdamW restored = new AdamW(0.0, m);
            restored.importState(List.of(p), state, adam.stepCount());
            assertEquals(2, restored.stepCount());
            assertEquals(state.get("m.w")[0], restored.exportState().get("m.w")[0]);
        }
    }
}
