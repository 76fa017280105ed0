package io.runwarden.stack;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryPrinterTest {

    @Test
    void oneLinePerRunWithNonFiniteLossShownAsSuch() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SummaryPrinter printer = new SummaryPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        Map<String, RunLine> lines = new LinkedHashMap<>();
        lines.put("hot", RunLine.empty("hot").withStart(100).withStep(41, Double.NaN)
                .withAction("ROLLBACK@41 non-finite", true));
        lines.put("ok", RunLine.empty("ok").withStart(100).withStep(10, 1.5).withEval(10, 1.25));

        printer.print(lines);

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("41/100"), text);
        assertTrue(text.contains("NaN"), text);
        assertTrue(text.contains("ROLLBACK@41 non-finite"), text);
        assertTrue(text.contains("1.2500"), text);
        assertTrue(text.lines().count() == 3, text);
    }
}
