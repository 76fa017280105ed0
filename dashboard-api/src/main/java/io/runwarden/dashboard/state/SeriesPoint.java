package io.runwarden.dashboard.state;

/** One value of a metric series at an optimizer step. The value may be NaN or infinite: it is kept as such. */
public record SeriesPoint(long step, double value) {

    public boolean finite() {
        return Double.isFinite(value);
    }
}
