package io.runwarden.engine;

/** One optimizer step: {@code gradNorm} is the global norm before clipping; loss may be non-finite. */
public record StepReport(long step, double epoch, double loss, double lr, double gradNorm, double samplesPerSec,
                         double tokensPerSec, double stepMillis) {
}
