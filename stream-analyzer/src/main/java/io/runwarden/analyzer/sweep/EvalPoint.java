package io.runwarden.analyzer.sweep;

/** One evaluation of a member: the judged value at an optimizer step. */
public record EvalPoint(long step, double value, long ts) {
}
