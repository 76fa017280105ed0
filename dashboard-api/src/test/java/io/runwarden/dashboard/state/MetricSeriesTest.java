package io.runwarden.dashboard.state;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricSeriesTest {

    private static double smoothLoss(long step) {
        return 2.0 * Math.exp(-step / 200_000.0) + 0.01 * Math.sin(step / 50.0);
    }

    @Test
    void aMillionPointsCostABoundedNumberOfPoints() {
        MetricSeries s = new MetricSeries(1000, 500);
        int maxSeen = 0;
        for (long step = 1; step <= 1_000_000; step++) {
            s.add(step, smoothLoss(step));
            if (step % 10_000 == 0) {
                maxSeen = Math.max(maxSeen, s.storedPoints());
            }
        }
        assertTrue(maxSeen <= 1000 + 2 * 500, "stored " + maxSeen);
        assertTrue(s.points().size() <= 1000 + 2 * 500);
        List<SeriesPoint> points = s.points();
        assertTrue(points.get(0).step() <= 5_000, "the start of the run is still represented");
        for (int i = 1; i < points.size(); i++) {
            assertTrue(points.get(i).step() > points.get(i - 1).step(), "points in step order");
        }
    }

    @Test
    void aSpikeSurvivesDownsampling() {
        MetricSeries s = new MetricSeries(1000, 500);
        for (long step = 1; step <= 1_000_000; step++) {
            s.add(step, step == 123_457 ? 42.0 : smoothLoss(step));
        }
        assertTrue(s.points().stream().anyMatch(p -> p.step() == 123_457 && p.value() == 42.0));
        List<SeriesPoint> drawn = Downsampler.minMax(s.points(), 200);
        assertTrue(drawn.size() <= 220, "drawn " + drawn.size());
        assertTrue(drawn.stream().anyMatch(p -> p.value() == 42.0), "spike survives the request's reduction too");
    }

    @Test
    void nonFinitePointsAreKeptAndMarked() {
        MetricSeries s = new MetricSeries(100, 50);
        for (long step = 1; step <= 1_000_000; step++) {
            double v = smoothLoss(step);
            if (step == 5_000) {
                v = Double.NaN;
            } else if (step == 700_000) {
                v = Double.POSITIVE_INFINITY;
            }
            s.add(step, v);
        }
        List<SeriesPoint> points = s.points();
        assertTrue(points.stream().anyMatch(p -> p.step() == 5_000 && Double.isNaN(p.value())));
        assertTrue(points.stream().anyMatch(p -> p.step() == 700_000 && p.value() == Double.POSITIVE_INFINITY));
        SeriesView view = SeriesView.of("loss", Downsampler.minMax(points, 50), s.storedPoints());
        assertTrue(view.nonFinite().contains(new SeriesView.NonFinitePoint(5_000, "NaN")));
        assertTrue(view.nonFinite().contains(new SeriesView.NonFinitePoint(700_000, "Infinity")));
        int i = view.steps().indexOf(5_000L);
        assertEquals(null, view.values().get(i), "a NaN is a gap in the line, listed as a marker");
    }

    @Test
    void newestPointsStayAtFullResolution() {
        MetricSeries s = new MetricSeries(1000, 500);
        for (long step = 1; step <= 1_000_000; step++) {
            s.add(step, smoothLoss(step));
        }
        List<SeriesPoint> points = s.points();
        List<SeriesPoint> tail = points.subList(points.size() - 1000, points.size());
        for (int k = 0; k < 1000; k++) {
            SeriesPoint p = tail.get(k);
            assertEquals(999_001L + k, p.step());
            assertEquals(smoothLoss(p.step()), p.value());
        }
    }

    @Test
    void aRollbackReplacesTheAbandonedTrajectory() {
        MetricSeries s = new MetricSeries(100, 10);
        for (long step = 1; step <= 50; step++) {
            s.add(step, step);
        }
        s.add(31, -1.0);
        List<SeriesPoint> points = s.points();
        assertEquals(31, points.size());
        assertEquals(new SeriesPoint(31, -1.0), points.get(30));
    }

    @Test
    void requestReductionKeepsShortSeriesIntact() {
        List<SeriesPoint> few = List.of(new SeriesPoint(1, 1), new SeriesPoint(2, Double.NaN));
        assertEquals(few, Downsampler.minMax(few, 10));
    }
}
