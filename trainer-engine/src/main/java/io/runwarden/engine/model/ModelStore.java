package io.runwarden.engine.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.runwarden.engine.checkpoint.TensorFile;
import io.runwarden.engine.data.ByteTokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A model directory: {@code model.json} (architecture, dimensions, tokenizer, and for a LoRA model its adapter
 * settings and the base it adapts) plus {@code weights.bin} (all weights) and/or {@code adapters.bin} (LoRA
 * adapters only). Pretraining and full fine-tuning write weights; LoRA writes its adapters and a reference to
 * its base. Any such directory can be the {@code model} of a later run.
 */
public final class ModelStore {

    public static final String FORMAT = "runwarden-model/1";
    public static final String MODEL_JSON = "model.json";
    public static final String WEIGHTS = "weights.bin";
    public static final String ADAPTERS = "adapters.bin";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelStore() {
    }

    /** The tokenizer a model was trained with. */
    public record TokenizerInfo(String type, int vocabSize, int bos, int eos, int pad) {
        public static TokenizerInfo bytes() {
            return new TokenizerInfo(ByteTokenizer.NAME, ByteTokenizer.VOCAB_SIZE, ByteTokenizer.BOS,
                    ByteTokenizer.EOS, ByteTokenizer.PAD);
        }
    }

    /** LoRA settings of an adapter model, and the absolute directory of its base (null: seeded random base). */
    public record AdapterInfo(int rank, double alpha, List<String> targets, String base, Long baseSeed) {
    }

    /** {@code model.json}. */
    public record Manifest(String format, ModelConfig config, TokenizerInfo tokenizer, AdapterInfo adapter,
                           String runId, Long step) {
    }

    public static void saveWeights(Path dir, ModelConfig config, Map<String, float[]> weights, String runId,
                                   long step) {
        write(dir, new Manifest(FORMAT, config, TokenizerInfo.bytes(), null, runId, step));
        TensorFile.write(dir.resolve(WEIGHTS), weights);
    }

    public static void saveAdapters(Path dir, ModelConfig config, AdapterInfo adapter, Map<String, float[]> adapters,
                                    Map<String, float[]> mergedWeightsOrNull, String runId, long step) {
        write(dir, new Manifest(FORMAT, config, TokenizerInfo.bytes(), adapter, runId, step));
        TensorFile.write(dir.resolve(ADAPTERS), adapters);
        if (mergedWeightsOrNull != null) {
            TensorFile.write(dir.resolve(WEIGHTS), mergedWeightsOrNull);
        }
    }

    public static Manifest readManifest(Path dir) {
        try {
            Manifest m = JSON.readValue(dir.resolve(MODEL_JSON).toFile(), Manifest.class);
            if (!FORMAT.equals(m.format())) {
                throw new IllegalArgumentException("unsupported model format '" + m.format() + "' (expected "
                        + FORMAT + ")");
            }
            if (m.config() == null) {
                throw new IllegalArgumentException("model.json has no config");
            }
            return m;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + dir.resolve(MODEL_JSON) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The plain (merged) weights of a model directory: {@code weights.bin} when present, else the base's weights
     * with this directory's adapters folded in.
     */
    public static Map<String, float[]> loadMergedWeights(Path dir) {
        Manifest m = readManifest(dir);
        if (Files.isRegularFile(dir.resolve(WEIGHTS))) {
            return TensorFile.read(dir.resolve(WEIGHTS));
        }
        if (m.adapter() == null || m.adapter().base() == null) {
            throw new IllegalArgumentException(dir + " has neither " + WEIGHTS + " nor a base model to adapt");
        }
        Map<String, float[]> weights = loadMergedWeights(Path.of(m.adapter().base()));
        Map<String, float[]> adapters = TensorFile.read(dir.resolve(ADAPTERS));
        ModelConfig c = m.config();
        double scale = m.adapter().alpha() / m.adapter().rank();
        for (int l = 0; l < c.layers(); l++) {
            for (String proj : m.adapter().targets()) {
                String p = "h" + l + "." + proj;
                int[] io = GptModel.projectionShape(c, proj);
                float[] a = adapters.get(p + ".lora_a");
                float[] b = adapters.get(p + ".lora_b");
                float[] w = weights.get(p + ".w");
                int r = m.adapter().rank();
                for (int i = 0; i < io[0]; i++) {
                    for (int k = 0; k < r; k++) {
                        float aik = a[i * r + k];
                        if (aik == 0f) {
                            continue;
                        }
                        for (int j = 0; j < io[1]; j++) {
                            w[i * io[1] + j] += (float) (scale * aik * b[k * io[1] + j]);
                        }
                    }
                }
            }
        }
        return weights;
    }

    private static void write(Path dir, Manifest manifest) {
        try {
            Files.createDirectories(dir);
            JSON.writeValue(dir.resolve(MODEL_JSON).toFile(), manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir, e);
        }
    }
}
