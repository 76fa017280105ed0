package io.runwarden.analyzer.sweep;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * One evaluation of a member: the judged value at an optimizer step. Stored as a JSON pair {@code [step, value]}
 * to keep a large sweep's state small (about 30 bytes a point).
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
public record EvalPoint(long step, double value) {
}
