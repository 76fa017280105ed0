package io.runwarden.dashboard.state;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The history of one metric of one run, in bounded memory however long the run: the newest {@code recentCapacity}
 * points at full resolution, older points folded into at most {@code bucketCapacity} min/max buckets. A bucket
 * keeps its minimum and maximum (so a spike survives any amount of folding) and its first non-finite point of
 * each kind (NaN, +Infinity, -Infinity), so a NaN is never silently dropped.
 *
 * <p>When a run rolls back, a point arrives at a step at or before the last one: the points from that step on
 * belong to the abandoned trajectory and are replaced by the new ones (the rollback itself stays visible as a
 * marker of the run). Not thread-safe: the owning {@link RunState} guards it.
 */
public final class MetricSeries {

    private final int recentCapacity;
    private final int bucketCapacity;
    private final ArrayDeque<SeriesPoint> recent = new ArrayDeque<>();
    private final ArrayList<Bucket> archive = new ArrayList<>();
    /** How many points one new bucket takes; doubles every time the archive is folded in half. */
    private int pointsPerBucket = 1;
    private Bucket filling;

    public MetricSeries(int recentCapacity, int bucketCapacity) {
        if (recentCapacity < 1 || bucketCapacity < 2) {
            throw new IllegalArgumentException("recentCapacity >= 1 and bucketCapacity >= 2 required");
        }
        this.recentCapacity = recentCapacity;
        this.bucketCapacity = bucketCapacity;
    }

    public void add(long step, double value) {
        if (!recent.isEmpty() && step <= recent.peekLast().step()) {
            rewindTo(step);
        } else if (recent.isEmpty() && lastArchivedStep() >= step) {
            rewindTo(step);
        }
        recent.addLast(new SeriesPoint(step, value));
        while (recent.size() > recentCapacity) {
            archive(recent.pollFirst());
        }
    }

    /** Every retained point in step order: bucket extremes and non-finite points, then the recent points. */
    public List<SeriesPoint> points() {
        List<SeriesPoint> out = new ArrayList<>(storedPoints());
        for (Bucket b : archive) {
            b.emit(out);
        }
        if (filling != null) {
            filling.emit(out);
        }
        out.addAll(recent);
        return out;
    }

    /** Points currently held: bounded by about {@code recentCapacity + 5 × bucketCapacity}. */
    public int storedPoints() {
        int n = recent.size();
        for (Bucket b : archive) {
            n += b.size();
        }
        return n + (filling == null ? 0 : filling.size());
    }

    public boolean isEmpty() {
        return recent.isEmpty() && archive.isEmpty() && filling == null;
    }

    public SeriesPoint last() {
        return recent.peekLast();
    }

    private long lastArchivedStep() {
        if (filling != null) {
            return filling.lastStep;
        }
        return archive.isEmpty() ? Long.MIN_VALUE : archive.get(archive.size() - 1).lastStep;
    }

    private void rewindTo(long step) {
        while (!recent.isEmpty() && recent.peekLast().step() >= step) {
            recent.pollLast();
        }
        if (recent.isEmpty()) {
            // Deep rollback into the archive: drop whole buckets that begin at or after the step.
            if (filling != null && filling.firstStep >= step) {
                filling = null;
            }
            while (filling == null && !archive.isEmpty() && archive.get(archive.size() - 1).firstStep >= step) {
                archive.remove(archive.size() - 1);
            }
        }
    }

    private void archive(SeriesPoint p) {
        if (filling == null) {
            filling = new Bucket(p);
        } else {
            filling.add(p);
        }
        if (filling.count >= pointsPerBucket) {
            archive.add(filling);
            filling = null;
            if (archive.size() >= bucketCapacity) {
                foldInHalf();
            }
        }
    }

    private void foldInHalf() {
        ArrayList<Bucket> folded = new ArrayList<>(archive.size() / 2 + 1);
        Iterator<Bucket> it = archive.iterator();
        while (it.hasNext()) {
            Bucket a = it.next();
            if (it.hasNext()) {
                a.merge(it.next());
            }
            folded.add(a);
        }
        archive.clear();
        archive.addAll(folded);
        pointsPerBucket *= 2;
    }

    /** A run of consecutive points reduced to its extremes and its first non-finite point of each kind. */
    private static final class Bucket {
        long firstStep;
        long lastStep;
        int count;
        SeriesPoint min;
        SeriesPoint max;
        SeriesPoint nan;
        SeriesPoint posInf;
        SeriesPoint negInf;

        Bucket(SeriesPoint p) {
            firstStep = p.step();
            lastStep = p.step();
            add0(p);
            count = 1;
        }

        void add(SeriesPoint p) {
            lastStep = p.step();
            count++;
            add0(p);
        }

        private void add0(SeriesPoint p) {
            double v = p.value();
            if (Double.isNaN(v)) {
                nan = nan == null ? p : nan;
            } else if (v == Double.POSITIVE_INFINITY) {
                posInf = posInf == null ? p : posInf;
            } else if (v == Double.NEGATIVE_INFINITY) {
                negInf = negInf == null ? p : negInf;
            } else {
                if (min == null || v < min.value()) {
                    min = p;
                }
                if (max == null || v > max.value()) {
                    max = p;
                }
            }
        }

        void merge(Bucket o) {
            lastStep = o.lastStep;
            count += o.count;
            for (SeriesPoint p : new SeriesPoint[] {o.min, o.max}) {
                if (p != null) {
                    add0(p);
                }
            }
            nan = nan == null ? o.nan : nan;
            posInf = posInf == null ? o.posInf : posInf;
            negInf = negInf == null ? o.negInf : negInf;
        }

        int size() {
            int n = 0;
            for (SeriesPoint p : new SeriesPoint[] {min, max, nan, posInf, negInf}) {
                n += p == null ? 0 : 1;
            }
            return min != null && min == max ? n - 1 : n;
        }

        void emit(List<SeriesPoint> out) {
            List<SeriesPoint> pts = new ArrayList<>(5);
            for (SeriesPoint p : new SeriesPoint[] {min, max, nan, posInf, negInf}) {
                if (p != null && !pts.contains(p)) {
                    pts.add(p);
                }
            }
            pts.sort((a, b) -> Long.compare(a.step(), b.step()));
            out.addAll(pts);
        }
    }
}
