package io.runwarden.engine.optim;

import ai.djl.ndarray.NDArray;

import java.util.List;

/** Global-norm gradient clipping, as {@code torch.nn.utils.clip_grad_norm_}. */
public final class GradientClipping {

    private GradientClipping() {
    }

    /** sqrt of the sum of squares of every gradient element (NaN/Inf when any gradient is non-finite). */
    public static double globalNorm(List<NDArray> grads) {
        NDArray total = null;
        for (NDArray g : grads) {
            NDArray s = g.square().sum();
            total = total == null ? s : total.add(s);
        }
        return total == null ? 0.0 : Math.sqrt(total.getFloat());
    }

    /**
     * The factor every gradient is multiplied by: {@code maxNorm / (norm + 1e-6)} when the norm is above
     * {@code maxNorm}, else 1. {@code maxNorm} 0 disables clipping.
     */
    public static double scale(double norm, double maxNorm) {
        if (maxNorm <= 0 || !(norm > maxNorm) || !Double.isFinite(norm)) {
            return 1.0;
        }
        return maxNorm / (norm + 1e-6);
    }
}
