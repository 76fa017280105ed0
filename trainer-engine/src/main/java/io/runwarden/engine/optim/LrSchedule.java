package io.runwarden.engine.optim;

/**
 * Learning-rate multiplier (of the peak) for each optimizer step, defined over the run's total steps so the
 * schedule ends exactly as training ends. Step indices are 0-based: index i is the (i+1)-th update.
 * <ul>
 *   <li>warmup (every schedule): {@code (i+1) / warmup} for i &lt; warmup — linear from near 0 to the peak;</li>
 *   <li>after warmup, with {@code progress = (i - warmup) / (total - warmup)} in [0, 1):
 *     {@code constant} 1; {@code linear} 1 − progress; {@code cosine} ½(1 + cos(π·progress));</li>
 *   <li>{@code wsd} (warmup-stable-decay): the peak is held until {@code stableFraction} of all steps are done
 *     (but at least through warmup), then decays linearly to 0 at the end.</li>
 * </ul>
 * Every decaying schedule reaches 0 at i = total, i.e. right after the last update.
 */
public record LrSchedule(String kind, long totalSteps, long warmupSteps, double stableFraction) {

    public LrSchedule {
        if (totalSteps <= 0) {
            throw new IllegalArgumentException("totalSteps must be > 0");
        }
        if (warmupSteps < 0 || warmupSteps >= totalSteps) {
            throw new IllegalArgumentException("warmup must be shorter than training");
        }
    }

    /** Warmup steps for a spec: {@code warmupSteps} when set, else ceil(warmupRatio × total). */
    public static long warmupSteps(Integer warmupSteps, double warmupRatio, long totalSteps) {
        return warmupSteps != null ? warmupSteps : (long) Math.ceil(warmupRatio * totalSteps);
    }

    public double multiplier(long i) {
        if (i < warmupSteps) {
            return (i + 1.0) / warmupSteps;
        }
        double progress = Math.min(1.0, (double) (i - warmupSteps) / (totalSteps - warmupSteps));
        return switch (kind) {
            case "constant" -> 1.0;
            case "linear" -> 1.0 - progress;
            case "cosine" -> 0.5 * (1.0 + Math.cos(Math.PI * progress));
            case "wsd" -> {
                long decayStart = decayStart();
                yield i < decayStart ? 1.0 : Math.max(0.0, (double) (totalSteps - i) / (totalSteps - decayStart));
            }
            default -> throw new IllegalArgumentException("unknown schedule " + kind);
        };
    }

    /** For {@code wsd}: the first step of the decay. */
    public long decayStart() {
        long start = Math.max(warmupSteps, Math.round(stableFraction * totalSteps));
        return Math.min(start, totalSteps - 1);
    }
}
