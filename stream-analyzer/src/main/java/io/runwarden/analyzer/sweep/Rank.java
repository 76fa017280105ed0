package io.runwarden.analyzer.sweep;

/** Comparisons in a sweep's mode: lower is better for {@code min}, higher for {@code max}. */
final class Rank {

    private Rank() {
    }

    static boolean better(double a, double b, boolean maximize) {
        return maximize ? a > b : a < b;
    }

    static boolean worse(double a, double b, boolean maximize) {
        return maximize ? a < b : a > b;
    }

    /** A non-finite reading (NaN: a diverged run) counts as the worst possible value. */
    static double normalise(double value, boolean maximize) {
        if (Double.isNaN(value)) {
            return maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return value;
    }
}
