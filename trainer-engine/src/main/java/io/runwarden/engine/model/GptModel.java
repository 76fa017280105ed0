package io.runwarden.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.jni.JniUtils;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A GPT-style causal LM written directly with NDArray operations over parameter tensors we own: token and
 * position embeddings, {@code layers} pre-norm blocks (causal multi-head self-attention and a GELU MLP, each
 * with a residual connection), a final layer norm and an untied LM head. No dropout, so a seed and a data
 * position determine the run exactly (resume and rollback reproduce it).
 */
public final class GptModel implements LanguageModel {

    static final String[] PROJECTIONS = {"q", "k", "v", "o", "mlp_in", "mlp_out"};
    private static final float NEG_INF = -1e9f;
    private static final float LN_EPS = 1e-5f;

    private final ModelConfig config;
    private final LoraConfig lora;
    private final NDManager manager;
    private final Map<String, Param> byName = new HashMap<>();
    private final List<Param> params = new ArrayList<>();
    private final Map<Integer, float[]> causalMasks = new HashMap<>();

    GptModel(ModelConfig config, LoraConfig lora, NDManager manager, Random random) {
        this.config = config;
        this.lora = lora;
        this.manager = manager;
        boolean baseTrainable = lora == null;
        int d = config.dModel();
        float std = 0.02f;
        float residualStd = (float) (0.02 / Math.sqrt(2.0 * config.layers()));
        add("tok_emb", normal(random, config.vocabSize() * d, std), new Shape(config.vocabSize(), d),
                baseTrainable, true);
        add("pos_emb", normal(random, config.contextLength() * d, std), new Shape(config.contextLength(), d),
                baseTrainable, true);
        for (int l = 0; l < config.layers(); l++) {
            String p = "h" + l + ".";
            add(p + "ln1.g", ones(d), new Shape(d), baseTrainable, false);
            add(p + "ln1.b", new float[d], new Shape(d), baseTrainable, false);
            for (String proj : PROJECTIONS) {
                if (proj.equals("mlp_in")) {
                    add(p + "ln2.g", ones(d), new Shape(d), baseTrainable, false);
                    add(p + "ln2.b", new float[d], new Shape(d), baseTrainable, false);
                }
                int[] io = projectionShape(config, proj);
                boolean residual = proj.equals("o") || proj.equals("mlp_out");
                add(p + proj + ".w", normal(random, io[0] * io[1], residual ? residualStd : std),
                        new Shape(io[0], io[1]), baseTrainable, true);
                add(p + proj + ".b", new float[io[1]], new Shape(io[1]), baseTrainable, false);
            }
        }
        add("ln_f.g", ones(d), new Shape(d), baseTrainable, false);
        add("ln_f.b", new float[d], new Shape(d), baseTrainable, false);
        add("head.w", normal(random, d * config.vocabSize(), std), new Shape(d, config.vocabSize()),
                baseTrainable, true);
        if (lora != null) {
            for (int l = 0; l < config.layers(); l++) {
                for (String proj : lora.targets()) {
                    int[] io = projectionShape(config, proj);
                    String p = "h" + l + "." + proj;
                    // As in PEFT: A ~ U(-1/sqrt(in), 1/sqrt(in)), B = 0, so the adapter starts as a no-op.
                    add(p + ".lora_a", uniform(random, io[0] * lora.rank(), (float) (1 / Math.sqrt(io[0]))),
                            new Shape(io[0], lora.rank()), true, true);
                    add(p + ".lora_b", new float[lora.rank() * io[1]], new Shape(lora.rank(), io[1]), true, true);
                }
            }
        }
    }

    /** {in, out} widths of a projection. */
    static int[] projectionShape(ModelConfig config, String projection) {
        int d = config.dModel();
        return switch (projection) {
            case "q", "k", "v", "o" -> new int[] {d, d};
            case "mlp_in" -> new int[] {d, config.mlpHidden()};
            case "mlp_out" -> new int[] {config.mlpHidden(), d};
            default -> throw new IllegalArgumentException("unknown projection " + projection);
        };
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public List<Param> parameters() {
        return List.copyOf(params);
    }

    public Param param(String name) {
        Param p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return p;
    }

    @Override
    public NDArray logits(NDArray tokens) {
        long batch = tokens.getShape().get(0);
        int time = (int) tokens.getShape().get(1);
        if (time > config.contextLength()) {
            throw new IllegalArgumentException("sequence of " + time + " tokens exceeds the context length "
                    + config.contextLength());
        }
        int d = config.dModel();
        NDArray x = tokens.getNDArrayInternal()
                .embedding(tokens, w("tok_emb"), SparseFormat.DENSE).singletonOrThrow();
        x = x.add(w("pos_emb").get(new NDIndex("0:{}", time)));
        NDArray mask = tokens.getManager().create(causalMask(time), new Shape(time, time));
        for (int l = 0; l < config.layers(); l++) {
            String p = "h" + l + ".";
            NDArray h = layerNorm(x, p + "ln1");
            x = x.add(attention(h, p, batch, time, mask));
            NDArray m = layerNorm(x, p + "ln2");
            m = linear(m, p + "mlp_in").getNDArrayInternal().gelu();
            x = x.add(linear(m, p + "mlp_out"));
        }
        x = layerNorm(x, "ln_f");
        return x.matMul(w("head.w"));
    }

    private NDArray attention(NDArray h, String p, long batch, int time, NDArray mask) {
        int heads = config.heads();
        int hd = config.headDim();
        Shape split = new Shape(batch, time, heads, hd);
        NDArray q = linear(h, p + "q").reshape(split).transpose(0, 2, 1, 3);
        NDArray k = linear(h, p + "k").reshape(split).transpose(0, 2, 3, 1);
        NDArray v = linear(h, p + "v").reshape(split).transpose(0, 2, 1, 3);
        NDArray att = q.matMul(k).mul(1.0 / Math.sqrt(hd)).add(mask).softmax(-1);
        NDArray y = att.matMul(v).transpose(0, 2, 1, 3).reshape(batch, time, config.dModel());
        return linear(y, p + "o");
    }

    private NDArray linear(NDArray x, String proj) {
        NDArray y = x.matMul(w(proj + ".w")).add(w(proj + ".b"));
        Param a = byName.get(proj + ".lora_a");
        if (a != null) {
            y = y.add(x.matMul(a.array()).matMul(w(proj + ".lora_b")).mul(lora.scale()));
        }
        return y;
    }

    private NDArray layerNorm(NDArray x, String name) {
        return x.getNDArrayInternal().layerNorm(x, new Shape(config.dModel()), w(name + ".g"), w(name + ".b"),
                LN_EPS).singletonOrThrow();
    }

    private NDArray w(String name) {
        return byName.get(name).array();
    }

    private float[] causalMask(int time) {
        return causalMasks.computeIfAbsent(time, t -> {
            float[] m = new float[t * t];
            for (int i = 0; i < t; i++) {
                for (int j = i + 1; j < t; j++) {
                    m[i * t + j] = NEG_INF;
                }
            }
            return m;
        });
    }

    @Override
    public Map<String, float[]> mergedWeights() {
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        for (Param p : params) {
            if (!p.name().contains(".lora_")) {
                out.put(p.name(), p.values());
            }
        }
        if (lora == null) {
            return out;
        }
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager scope = manager.newSubManager()) {
            for (int l = 0; l < config.layers(); l++) {
                for (String proj : lora.targets()) {
                    String p = "h" + l + "." + proj;
                    NDArray a = scope.create(byName.get(p + ".lora_a").values(), byName.get(p + ".lora_a").shape());
                    NDArray b = scope.create(byName.get(p + ".lora_b").values(), byName.get(p + ".lora_b").shape());
                    NDArray base = scope.create(out.get(p + ".w"), byName.get(p + ".w").shape());
                    out.put(p + ".w", base.add(a.matMul(b).mul(lora.scale())).toFloatArray());
                }
            }
        } finally {
            JniUtils.setGradMode(grad);
        }
        return out;
    }

    private void add(String name, float[] values, Shape shape, boolean trainable, boolean decay) {
        Param p = new Param(name, values, shape, trainable, decay, manager);
        params.add(p);
        byName.put(name, p);
    }

    private static float[] normal(Random random, int n, float std) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (random.nextGaussian() * std);
        }
        return a;
    }

    private static float[] uniform(Random random, int n, float bound) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (random.nextFloat() * 2 - 1) * bound;
        }
        return a;
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        return a;
    }
}
