package io.runwarden.engine.data;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Byte-level tokenizer: every UTF-8 byte is a token (0–255), plus BOS (256), EOS (257) and PAD (258). Nothing to
 * download, nothing unknown.
 */
public final class ByteTokenizer {

    public static final String NAME = "bytes+bos-eos-pad";
    public static final int BOS = 256;
    public static final int EOS = 257;
    public static final int PAD = 258;
    public static final int VOCAB_SIZE = 259;

    public int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = bytes[i] & 0xff;
        }
        return ids;
    }

    /** Decodes byte tokens, stopping at EOS and dropping the other special tokens. */
    public String decode(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : ids) {
            if (id == EOS) {
                break;
            }
            if (id < 256) {
                out.write(id);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    public int vocabSize() {
        return VOCAB_SIZE;
    }
}
