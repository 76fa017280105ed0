package io.runwarden.stack.sweep;

import io.runwarden.protocol.sweep.SweepMember;
import io.runwarden.protocol.sweep.SweepPlan;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The members of a sweep as a text table: run id and the hyperparameters the sweep varies. */
public final class MembersTable {

    private MembersTable() {
    }

    public static String render(SweepPlan plan) {
        Set<String> columns = new LinkedHashSet<>();
        plan.members().forEach(m -> columns.addAll(m.hyperparameters().keySet()));
        List<String> header = new ArrayList<>();
        header.add("run id");
        header.addAll(columns);
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (SweepMember m : plan.members()) {
            List<String> row = new ArrayList<>();
            row.add(m.runId());
            for (String c : columns) {
                row.add(format(m.hyperparameters().get(c)));
            }
            rows.add(row);
        }
        int[] widths = new int[header.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[i] + "s", row.get(i)));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** Numbers to 4 significant digits without trailing zeros (5e-5 → 0.00005, 8.0E-4 → 0.0008). */
    static String format(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof Double d) {
            if (!Double.isFinite(d)) {
                return d.toString();
            }
            BigDecimal b = new BigDecimal(d).round(new MathContext(4)).stripTrailingZeros();
            return b.scale() < 0 ? b.toPlainString() : b.toString();
        }
        return String.valueOf(value);
    }
}
