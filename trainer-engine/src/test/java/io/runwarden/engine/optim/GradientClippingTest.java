package io.runwarden.engine.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.runwarden.engine.runtime.TorchRuntime;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientClippingTest {

    @Test
    void clippingBringsTheGlobalNormDownToMaxGradNorm() {
        try (NDManager m = TorchRuntime.engine().newBaseManager(Device.cpu())) {
            // norm = sqrt(9 + 16 + 144) = 13
            List<NDArray> grads = List.of(m.create(new float[] {3f, 4f}), m.create(new float[] {12f}));
            double norm = GradientClipping.globalNorm(grads);
            assertEquals(13.0, norm, 1e-5);
            double scale = GradientClipping.scale(norm, 1.0);
            List<NDArray> clipped = grads.stream().map(g -> g.mul(scale)).toList();
            assertEquals(1.0, GradientClipping.globalNorm(clipped), 1e-5);
        }
    }

    @Test
    void aNormBelowTheThresholdIsLeftUnchanged() {
        try (NDManager m = TorchRuntime.engine().newBaseManager(Device.cpu())) {
            List<NDArray> grads = List.of(m.create(new float[] {0.3f, 0.4f}));
            double norm = GradientClipping.globalNorm(grads);
            assertEquals(0.5, norm, 1e-6);
            assertEquals(1.0, GradientClipping.scale(norm, 1.0));
        }
    }

    @Test
    void zeroDisablesClippingAndNonFiniteNormsAreNotScaled() {
        assertEquals(1.0, GradientClipping.scale(50.0, 0.0));
        assertEquals(1.0, GradientClipping.scale(Double.NaN, 1.0));
        try (NDManager m = TorchRuntime.engine().newBaseManager(Device.cpu())) {
            assertTrue(Double.isNaN(GradientClipping.globalNorm(List.of(m.create(new float[] {Float.NaN})))));
        }
    }
}
