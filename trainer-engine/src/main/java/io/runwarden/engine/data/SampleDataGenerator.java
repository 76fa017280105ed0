package io.runwarden.engine.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates the sample instruction set (and the pretraining corpus) deterministically from a seed. Six small,
 * structured tasks a tiny model can partly learn from a few thousand examples:
 * <ul>
 *   <li>{@code reverse: plomb} → {@code bmolp}, {@code upper: plomb} → {@code PLOMB},
 *       {@code sort: dcab} → {@code abcd}, {@code count a in banana} → {@code 3}, {@code add: 23+45} → {@code 68}
 *       — rules: validation loss falls as the model learns them;</li>
 *   <li>{@code capital of Malebo?} → {@code Bakobe} — recall of a fixed table of made-up facts, with 8% of the
 *       answers replaced by a wrong city (label noise): memorising them on a small training subset for many
 *       epochs makes validation loss rise again (overfitting).</li>
 * </ul>
 * A too-high learning rate makes the loss diverge on any of them. The corpus for {@code ./runwarden pretrain}
 * states the same kind of facts as plain sentences (no instruction format), so a pretrained base knows the words
 * and the facts, and fine-tuning teaches the format.
 */
public final class SampleDataGenerator {

    public static final long DEFAULT_SEED = 20261122L;
    public static final int DEFAULT_COUNT = 4000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SYLLABLES = "ba be bi bo ka ke ki ko la le li lo ma me mi mo na ne ni no ra re ri ro"
            + " sa se si so ta te ti to va ve vi vo za ze zo";

    private final Random random;
    private final List<String[]> capitals = new ArrayList<>();

    public SampleDataGenerator(long seed) {
        this.random = new Random(seed);
        Random facts = new Random(7); // the same world for every seed
        String[] syl = SYLLABLES.split(" ");
        for (int i = 0; i < 60; i++) {
            String country = capitalize(word(facts, syl, 2 + facts.nextInt(2))) + (i % 3 == 0 ? "ia" : "");
            String city = capitalize(word(facts, syl, 2 + facts.nextInt(2)));
            capitals.add(new String[] {country, city});
        }
    }

    /** One {@code prompt}/{@code completion} pair. */
    public String[] instruction() {
        int task = random.nextInt(6);
        String w = letters(3 + random.nextInt(5));
        return switch (task) {
            case 0 -> new String[] {"reverse: " + w + "\n", new StringBuilder(w).reverse().toString()};
            case 1 -> new String[] {"upper: " + w + "\n", w.toUpperCase()};
            case 2 -> {
                char[] c = w.toCharArray();
                java.util.Arrays.sort(c);
                yield new String[] {"sort: " + w + "\n", new String(c)};
            }
            case 3 -> {
                char target = w.charAt(random.nextInt(w.length()));
                long n = w.chars().filter(ch -> ch == target).count();
                yield new String[] {"count " + target + " in " + w + "\n", Long.toString(n)};
            }
            case 4 -> {
                int a = random.nextInt(100);
                int b = random.nextInt(100);
                yield new String[] {"add: " + a + "+" + b + "\n", Integer.toString(a + b)};
            }
            default -> {
                String[] fact = capitals.get(random.nextInt(capitals.size()));
                String answer = random.nextDouble() < 0.08
                        ? capitals.get(random.nextInt(capitals.size()))[1] : fact[1];
                yield new String[] {"capital of " + fact[0] + "?\n", answer};
            }
        };
    }

    /** One sentence of the pretraining corpus (loss on every token: empty prompt). */
    public String sentence() {
        String w = letters(3 + random.nextInt(5));
        return switch (random.nextInt(6)) {
            case 0 -> w + " backwards is " + new StringBuilder(w).reverse() + ".";
            case 1 -> w + " in capitals is " + w.toUpperCase() + ".";
            case 2 -> {
                char[] c = w.toCharArray();
                java.util.Arrays.sort(c);
                yield "the letters of " + w + " in order are " + new String(c) + ".";
            }
            case 3 -> {
                int a = random.nextInt(100);
                int b = random.nextInt(100);
                yield a + " plus " + b + " is " + (a + b) + ".";
            }
            case 4 -> {
                String[] fact = capitals.get(random.nextInt(capitals.size()));
                yield "the capital of " + fact[0] + " is " + fact[1] + ".";
            }
            default -> {
                String[] fact = capitals.get(random.nextInt(capitals.size()));
                yield fact[1] + " is a city in " + fact[0] + ".";
            }
        };
    }

    public static void writeInstructions(Path out, int count, long seed) {
        SampleDataGenerator g = new SampleDataGenerator(seed);
        write(out, count, () -> g.instruction());
    }

    public static void writeCorpus(Path out, int count, long seed) {
        SampleDataGenerator g = new SampleDataGenerator(seed);
        write(out, count, () -> new String[] {"", g.sentence()});
    }

    private static void write(Path out, int count, java.util.function.Supplier<String[]> next) {
        try {
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                for (int i = 0; i < count; i++) {
                    String[] pc = next.get();
                    ObjectNode node = JSON.createObjectNode();
                    node.put("prompt", pc[0]);
                    node.put("completion", pc[1]);
                    w.write(JSON.writeValueAsString(node));
                    w.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
    }

    private String letters(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }

    private static String word(Random r, String[] syl, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(syl[r.nextInt(syl.length)]);
        }
        return b.toString();
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
