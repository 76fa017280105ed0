package io.runwarden.dashboard.state;

import java.util.ArrayList;
import java.util.List;

/**
 * A metric series ready to draw: parallel {@code steps} and {@code values} arrays (a non-finite value is null
 * there, a gap in the line) and the non-finite points listed in {@code nonFinite} with their value, so a chart can
 * mark them. {@code storedPoints} is how many points the dashboard holds for it.
 */
public record SeriesView(String metric, List<Long> steps, List<Double> values, List<NonFinitePoint> nonFinite,
                         int storedPoints) {

    /** A NaN or infinite value at a step; {@code value} is {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"}. */
    public record NonFinitePoint(long step, String value) {
    }

    public static SeriesView of(String metric, List<SeriesPoint> points, int storedPoints) {
        List<Long> steps = new ArrayList<>(points.size());
        List<Double> values = new ArrayList<>(points.size());
        List<NonFinitePoint> nonFinite = new ArrayList<>();
        for (SeriesPoint p : points) {
            steps.add(p.step());
            if (p.finite()) {
                values.add(p.value());
            } else {
                values.add(null);
                nonFinite.add(new NonFinitePoint(p.step(), Double.toString(p.value())));
            }
        }
        return new SeriesView(metric, steps, values, nonFinite, storedPoints);
    }
}
