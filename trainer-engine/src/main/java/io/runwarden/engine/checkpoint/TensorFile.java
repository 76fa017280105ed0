package io.runwarden.engine.checkpoint;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named float32 tensors in one file: magic {@code RWT1}, a count, then per tensor its name, its length and its
 * values (little-endian). Shapes live in the model config; this file only has to round-trip values exactly.
 */
public final class TensorFile {

    private static final int MAGIC = 0x52575431; // "RWT1"

    private TensorFile() {
    }

    public static void write(Path file, Map<String, float[]> tensors) {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file),
                1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(tensors.size());
            for (Map.Entry<String, float[]> e : tensors.entrySet()) {
                float[] v = e.getValue();
                out.writeUTF(e.getKey());
                out.writeInt(v.length);
                ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(v);
                out.write(buf.array());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static Map<String, float[]> read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file),
                1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a Runwarden tensor file");
            }
            int count = in.readInt();
            Map<String, float[]> tensors = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int n = in.readInt();
                byte[] bytes = in.readNBytes(n * 4);
                if (bytes.length != n * 4) {
                    throw new IOException("truncated tensor " + name);
                }
                float[] v = new float[n];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                tensors.put(name, v);
            }
            return tensors;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
