package io.runwarden.engine.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.runwarden.engine.model.Param;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW with decoupled weight decay, the same arithmetic as {@code torch.optim.AdamW}: decay
 * {@code p ← p·(1 − lr·wd)} (only parameters marked for decay — not biases and norms), then
 * {@code m ← β1·m + (1−β1)·g}, {@code v ← β2·v + (1−β2)·g²},
 * {@code p ← p − lr/(1−β1^t) · m / (sqrt(v)/sqrt(1−β2^t) + ε)}. We own its state so it can be checkpointed and
 * restored exactly. Call with autograd off.
 */
public final class AdamW {

    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPS = 1e-8;

    private final double weightDecay;
    private final NDManager manager;
    private final Map<String, NDArray> m = new HashMap<>();
    private final Map<String, NDArray> v = new HashMap<>();
    private long t;

    public AdamW(double weightDecay, NDManager manager) {
        this.weightDecay = weightDecay;
        this.manager = manager;
    }

    /**
     * One update of {@code params} with their gradients, each multiplied by {@code gradScale} (the clipping
     * factor). The parameters must be attached to {@code scope} (see {@code tempAttach}); the moments are
     * attached to it for the update too, so every temporary is freed with the scope.
     */
    public void step(List<Param> params, Map<String, NDArray> grads, double lr, double gradScale,
                     NDManager scope) {
        t++;
        double bc1 = 1 - Math.pow(BETA1, t);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(BETA2, t));
        for (Param p : params) {
            NDArray g = grads.get(p.name());
            if (gradScale != 1.0) {
                g = g.mul(gradScale);
            }
            NDArray w = p.array();
            if (p.decay() && weightDecay > 0) {
                w.muli(1 - lr * weightDecay);
            }
            NDArray mi = m.computeIfAbsent(p.name(), k -> manager.zeros(w.getShape()));
            NDArray vi = v.computeIfAbsent(p.name(), k -> manager.zeros(w.getShape()));
            scope.tempAttachAll(mi, vi);
            mi.muli(BETA1).addi(g.mul(1 - BETA1));
            vi.muli(BETA2).addi(g.square().mul(1 - BETA2));
            NDArray denom = vi.sqrt().div(bc2Sqrt).add(EPS);
            w.subi(mi.div(denom).mul(lr / bc1));
        }
    }

    public long stepCount() {
        return t;
    }

    /** Moments as named tensors ({@code m.<param>}, {@code v.<param>}). */
    public Map<String, float[]> exportState() {
        Map<String, float[]> out = new LinkedHashMap<>();
        m.forEach((k, a) -> out.put("m." + k, a.toFloatArray()));
        v.forEach((k, a) -> out.put("v." + k, a.toFloatArray()));
        return out;
    }

    /** Replaces the whole state (moments of the given params, step count). */
    public void importState(List<Param> params, Map<String, float[]> tensors, long stepCount) {
        m.values().forEach(NDArray::close);
        v.values().forEach(NDArray::close);
        m.clear();
        v.clear();
        for (Param p : params) {
            float[] mv = tensors.get("m." + p.name());
            float[] vv = tensors.get("v." + p.name());
            if (mv != null && vv != null) {
                m.put(p.name(), manager.create(mv, p.shape()));
                v.put(p.name(), manager.create(vv, p.shape()));
            }
        }
        t = stepCount;
    }
}
