package io.runwarden.stack;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** Renders the board as one line per run: step/total, loss, val loss, health, last action. */
final class SummaryPrinter {

    private final PrintStream out;
    private final boolean redraw;
    private int linesDrawn;

    SummaryPrinter(PrintStream out, boolean redraw) {
        this.out = out;
        this.redraw = redraw;
    }

    void print(Map<String, RunLine> lines) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%-16s %11s %8s %8s %8s %-11s %-10s %s%n", "run", "step/total",
                "loss", "val", "best", "health", "status", "last action"));
        for (RunLine line : lines.values()) {
            text.append(String.format(Locale.ROOT, "%-16s %11s %8s %8s %8s %-11s %-10s %s%n",
                    trim(line.runId(), 16), line.step() + "/" + line.totalSteps(), number(line.loss()),
                    number(line.valLoss()), number(line.bestValLoss()), line.health(), line.status(),
                    line.lastAction()));
        }
        if (redraw && linesDrawn > 0) {
            out.print("\033[" + linesDrawn + "F\033[J");
        }
        out.print(text);
        out.flush();
        linesDrawn = lines.size() + 1;
    }

    private static String number(Double value) {
        if (value == null) {
            return "-";
        }
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Inf" : "-Inf";
        }
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String trim(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
