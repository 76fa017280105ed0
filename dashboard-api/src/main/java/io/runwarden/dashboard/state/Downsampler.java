package io.runwarden.dashboard.state;

import java.util.ArrayList;
import java.util.List;

/**
 * Reduces a list of points to about {@code maxPoints} for drawing: min/max per bucket of consecutive points, so
 * spikes stay visible; non-finite points are always kept (the chart marks them).
 */
public final class Downsampler {

    private Downsampler() {
    }

    public static List<SeriesPoint> minMax(List<SeriesPoint> points, int maxPoints) {
        long finite = points.stream().filter(SeriesPoint::finite).count();
        if (finite <= maxPoints) {
            return points;
        }
        int buckets = Math.max(1, maxPoints / 2);
        double perBucket = (double) points.size() / buckets;
        List<SeriesPoint> out = new ArrayList<>(maxPoints + 16);
        for (int b = 0; b < buckets; b++) {
            int from = (int) Math.floor(b * perBucket);
            int to = (int) Math.min(points.size(), Math.floor((b + 1) * perBucket));
            SeriesPoint min = null;
            SeriesPoint max = null;
            for (int i = from; i < to; i++) {
                SeriesPoint p = points.get(i);
                if (!p.finite()) {
                    out.add(p);
                    continue;
                }
                if (min == null || p.value() < min.value()) {
                    min = p;
                }
                if (max == null || p.value() > max.value()) {
                    max = p;
                }
            }
            if (min != null) {
                if (min == max) {
                    out.add(min);
                } else if (min.step() < max.step()) {
                    out.add(min);
                    out.add(max);
                } else {
                    out.add(max);
                    out.add(min);
                }
            }
        }
        out.sort((a, c) -> Long.compare(a.step(), c.step()));
        return out;
    }
}
