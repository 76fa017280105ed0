package io.runwarden.engine.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.runwarden.engine.data.Batch;
import io.runwarden.engine.data.TokenizedExample;
import io.runwarden.engine.model.LanguageModel;
import io.runwarden.engine.model.Param;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Optimizer steps and validation passes of one model. One step runs forward and backward over every micro-batch
 * of the effective batch, summing the gradients of losses that are each divided by the effective batch's total
 * of loss tokens — so the update is exactly the one the whole effective batch would give at once — then clips
 * the global norm and applies AdamW. Every temporary tensor of a step lives in a sub-manager closed at its end.
 *
 * <p>Autograd is driven through DJL's PyTorch JNI directly rather than {@code GradientCollector}: the collector
 * allows only one collecting thread per process, and we want several jobs (threads) in one JVM.
 */
public final class ModelTrainer {

    private final LanguageModel model;
    private final AdamW optimizer;
    private final NDManager manager;

    public ModelTrainer(LanguageModel model, AdamW optimizer, NDManager manager) {
        this.model = model;
        this.optimizer = optimizer;
        this.manager = manager;
    }

    /**
     * @param loss     mean loss per completion token over the effective batch (may be NaN/Inf)
     * @param gradNorm global gradient norm before clipping
     * @param applied  whether the update was applied (it is skipped when the loss or gradient is non-finite)
     */
    public record StepResult(double loss, double gradNorm, boolean applied, int tokens, int lossTokens) {
    }

    /** Mean validation loss per completion token and the share of completion tokens predicted exactly. */
    public record EvalResult(double loss, double tokenAccuracy, int lossTokens) {
    }

    public StepResult step(List<List<TokenizedExample>> microBatches, double lr, double maxGradNorm) {
        int lossTokens = microBatches.stream().flatMap(List::stream).mapToInt(TokenizedExample::lossTokens).sum();
        List<Param> trainable = model.trainableParameters();
        boolean gradMode = JniUtils.isGradMode();
        try (NDManager scope = manager.newSubManager()) {
            attach(scope);
            double loss = 0;
            int tokens = 0;
            JniUtils.setGradMode(true);
            for (List<TokenizedExample> examples : microBatches) {
                Batch batch = Batch.of(examples);
                tokens += examples.stream().mapToInt(TokenizedExample::length).sum(); // real tokens, not padding
                NDArray nll = summedNll(scope, batch, null).div(Math.max(1, lossTokens));
                loss += nll.getFloat();
                JniUtils.backward((PtNDArray) nll, (PtNDArray) scope.ones(nll.getShape()), false, false);
            }
            JniUtils.setGradMode(false);
            Map<String, NDArray> grads = new LinkedHashMap<>();
            for (Param p : trainable) {
                grads.put(p.name(), p.array().getGradient());
            }
            NDArray flat = AdamW.flatten(trainable, grads, scope);
            double norm = GradientClipping.globalNorm(List.of(flat));
            boolean finite = Double.isFinite(loss) && Double.isFinite(norm);
            if (finite) {
                optimizer.step(trainable, flat, lr, GradientClipping.scale(norm, maxGradNorm), scope);
            }
            for (Param p : trainable) {
                JniUtils.zeroGrad((PtNDArray) p.array());
            }
            return new StepResult(loss, norm, finite, tokens, lossTokens);
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /** Gradients of one effective batch without updating anything (for tests and diagnostics). */
    public Map<String, float[]> gradients(List<List<TokenizedExample>> microBatches) {
        int lossTokens = microBatches.stream().flatMap(List::stream).mapToInt(TokenizedExample::lossTokens).sum();
        boolean gradMode = JniUtils.isGradMode();
        try (NDManager scope = manager.newSubManager()) {
            attach(scope);
            JniUtils.setGradMode(true);
            for (List<TokenizedExample> examples : microBatches) {
                NDArray nll = summedNll(scope, Batch.of(examples), null).div(Math.max(1, lossTokens));
                JniUtils.backward((PtNDArray) nll, (PtNDArray) scope.ones(nll.getShape()), false, false);
            }
            JniUtils.setGradMode(false);
            Map<String, float[]> out = new LinkedHashMap<>();
            for (Param p : model.trainableParameters()) {
                out.put(p.name(), p.array().getGradient().toFloatArray());
                JniUtils.zeroGrad((PtNDArray) p.array());
            }
            return out;
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    public EvalResult evaluate(List<TokenizedExample> examples, int batchSize) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        double nllSum = 0;
        double correct = 0;
        int lossTokens = 0;
        try {
            for (int from = 0; from < examples.size(); from += batchSize) {
                Batch batch = Batch.of(examples.subList(from, Math.min(examples.size(), from + batchSize)));
                try (NDManager scope = manager.newSubManager()) {
                    attach(scope);
                    double[] hits = new double[1];
                    nllSum += summedNll(scope, batch, hits).getFloat();
                    correct += hits[0];
                    lossTokens += batch.lossTokens();
                }
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
        return new EvalResult(nllSum / Math.max(1, lossTokens), correct / Math.max(1, lossTokens), lossTokens);
    }

    /** Sum over completion tokens of −log p(target); when {@code hits} is given, also counts argmax hits. */
    private NDArray summedNll(NDManager scope, Batch batch, double[] hits) {
        Shape shape = new Shape(batch.size(), batch.time());
        NDArray inputs = scope.create(batch.inputs(), shape);
        NDArray targets = scope.create(batch.targets(), shape);
        NDArray mask = scope.create(batch.mask(), shape);
        NDArray logits = model.logits(inputs);
        NDArray logp = logits.logSoftmax(-1).gather(targets.expandDims(-1), -1).squeeze(-1);
        if (hits != null) {
            NDArray right = logits.argMax(-1).eq(targets).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
            hits[0] = right.mul(mask).sum().getFloat();
        }
        return logp.mul(mask).sum().neg();
    }

    private void attach(NDManager scope) {
        for (Param p : model.parameters()) {
            p.array().tempAttach(scope);
        }
    }
}
