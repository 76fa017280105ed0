package io.runwarden.analyzer.state;

import java.util.Arrays;

/** A fixed-capacity window of the most recent values (oldest overwritten first), with robust statistics. */
public final class DoubleRing {

    public double[] values;
    public int next;
    public int size;

    public DoubleRing() {
        this(1);
    }

    public DoubleRing(int capacity) {
        values = new double[capacity];
    }

    /** Resizes to a new capacity (a policy change), keeping the newest values. */
    public void ensureCapacity(int capacity) {
        if (values.length == capacity) {
            return;
        }
        double[] kept = toArray();
        values = new double[capacity];
        next = 0;
        size = 0;
        for (int i = Math.max(0, kept.length - capacity); i < kept.length; i++) {
            add(kept[i]);
        }
    }

    public void add(double value) {
        values[next] = value;
        next = (next + 1) % values.length;
        size = Math.min(size + 1, values.length);
    }

    public int size() {
        return size;
    }

    public void clear() {
        next = 0;
        size = 0;
    }

    /** Oldest first. */
    public double[] toArray() {
        double[] out = new double[size];
        int start = (next - size + values.length) % values.length;
        for (int i = 0; i < size; i++) {
            out[i] = values[(start + i) % values.length];
        }
        return out;
    }

    public double median() {
        return median(toArray());
    }

    /** Median absolute deviation from the median. */
    public double mad() {
        double[] v = toArray();
        double m = median(v);
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i] - m);
        }
        return median(v);
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
