package io.runwarden.engine.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataTest {

    private final ByteTokenizer tokenizer = new ByteTokenizer();

    @Test
    void promptTokensAreMaskedOutOfTheLoss() {
        TokenizedExample e = TokenizedExample.of(tokenizer, new InstructionExample(1, "rev: ab\n", "ba"), 64);
        // BOS r e v : ␠ a b \n b a EOS → inputs are all but EOS, targets all but BOS
        assertEquals(12, e.tokens().length);
        assertEquals(ByteTokenizer.BOS, e.tokens()[0]);
        assertEquals(ByteTokenizer.EOS, e.tokens()[11]);
        Batch batch = Batch.of(List.of(e, TokenizedExample.of(tokenizer, new InstructionExample(2, "x\n", "y"),
                64)));
        assertEquals(11, batch.time());
        // first row: positions 0..7 predict prompt bytes (masked); 8..10 predict 'b', 'a', EOS
        for (int t = 0; t < 11; t++) {
            assertEquals(t >= 8 ? 1f : 0f, batch.mask()[t], "position " + t);
        }
        assertEquals('b', batch.targets()[8]);
        assertEquals(ByteTokenizer.EOS, batch.targets()[10]);
        // second row is padded after its 4 positions (BOS x \n y EOS) and only 'y', EOS count
        float[] row2 = java.util.Arrays.copyOfRange(batch.mask(), 11, 22);
        assertEquals(List.of(0f, 0f, 1f, 1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f), toList(row2));
        assertEquals(ByteTokenizer.PAD, batch.inputs()[11 + 5]);
        assertEquals(5, batch.lossTokens());
    }

    @Test
    void aTooLongExampleKeepsTheEndOfThePromptAndTheCompletion() {
        TokenizedExample e = TokenizedExample.of(tokenizer, new InstructionExample(1, "0123456789", "abc"), 8);
        assertEquals(8, e.length());
        assertEquals(4, e.lossTokens()); // a b c EOS
        assertEquals('6', e.tokens()[1]);
    }

    @Test
    void theValidationSplitIsDisjointFromTrainingAndStableForASeed() {
        DatasetSplit a = DatasetSplit.of(1000, 0.1, 42, null);
        DatasetSplit b = DatasetSplit.of(1000, 0.1, 42, 50);
        DatasetSplit c = DatasetSplit.of(1000, 0.1, 7, null);
        assertEquals(100, a.validation().size());
        assertEquals(900, a.train().size());
        Set<Integer> validation = new HashSet<>(a.validation());
        assertTrue(a.train().stream().noneMatch(validation::contains));
        assertEquals(a.validation(), b.validation(), "capping training must not move the validation split");
        assertEquals(50, b.train().size());
        assertTrue(b.train().stream().noneMatch(validation::contains));
        assertEquals(a, DatasetSplit.of(1000, 0.1, 42, null));
        assertNotEquals(a.validation(), c.validation());
    }

    @Test
    void theCursorShufflesEachEpochReproduciblyAndEndsAnEpochWithAPartialBatch() {
        DataCursor cursor = new DataCursor(10, 3, 0, 0);
        List<Integer> epoch0 = new ArrayList<>();
        epoch0.addAll(cursor.next(4));
        epoch0.addAll(cursor.next(4));
        List<Integer> last = cursor.next(4);
        assertEquals(2, last.size());
        epoch0.addAll(last);
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), new HashSet<>(epoch0));
        List<Integer> epoch1Start = cursor.next(4);
        assertEquals(1, cursor.epoch());
        assertEquals(1.4, cursor.epochProgress(), 1e-12);
        // a cursor rebuilt from (epoch, position) continues identically
        DataCursor again = new DataCursor(10, 3, 1, 4);
        DataCursor original = new DataCursor(10, 3, 1, 0);
        assertEquals(epoch1Start, original.next(4));
        assertEquals(original.next(4), again.next(4));
        assertEquals(3, DataCursor.stepsPerEpoch(10, 4));
    }

    @Test
    void malformedLinesAreReportedWithTheirLineNumbers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, """
                {"prompt": "a", "completion": "b"}

                {"prompt": "a"}
                not json
                {"prompt": "c", "completion": "d"}
                """);
        InstructionDataset.Loaded loaded = InstructionDataset.load(file.toString());
        assertEquals(2, loaded.examples().size());
        assertEquals(2, loaded.errors().size());
        assertEquals("dataset", loaded.errors().get(0).field());
        assertTrue(loaded.errors().get(0).message().contains("line 3"), loaded.errors().toString());
        assertTrue(loaded.errors().get(0).message().contains("completion"));
        assertTrue(loaded.errors().get(1).message().contains("line 4"));
    }

    @Test
    void theShippedSampleSetIsTheGeneratorsOutput(@TempDir Path dir) throws Exception {
        Path regenerated = dir.resolve("sample.jsonl");
        SampleDataGenerator.writeInstructions(regenerated, SampleDataGenerator.DEFAULT_COUNT,
                SampleDataGenerator.DEFAULT_SEED);
        InstructionDataset.Loaded shipped = InstructionDataset.load(null);
        assertTrue(shipped.errors().isEmpty(), shipped.errors().toString());
        InstructionDataset.Loaded fresh = InstructionDataset.load(regenerated.toString());
        assertEquals(fresh.examples(), shipped.examples());
    }

    private static List<Float> toList(float[] a) {
        List<Float> l = new ArrayList<>();
        for (float f : a) {
            l.add(f);
        }
        return l;
    }
}
