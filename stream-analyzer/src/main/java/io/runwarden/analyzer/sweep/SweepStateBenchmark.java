package io.runwarden.analyzer.sweep;

import io.runwarden.protocol.RunSpec;
import io.runwarden.protocol.codec.ProtocolCodec;
import io.runwarden.protocol.codec.ProtocolJson;
import io.runwarden.protocol.sweep.SweepPolicy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code ./runwarden sweep-bench}: the cost of a sweep's state as a state-store value — JSON size, write and read
 * time, and in-memory evaluations per second — for sweeps of growing size at the state's bounds. Every member is
 * started with its whole run spec as hyperparameters, the heaviest input the analyzer passes.
 */
public final class SweepStateBenchmark {

    private SweepStateBenchmark() {
    }

    public static void main(String[] args) {
        int[] sizes = args.length > 0 ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                : new int[] {4, 27, 81, 243, 512};
        System.out.printf(Locale.ROOT, "%8s %8s %10s %10s %10s %12s%n", "members", "points", "json KiB",
                "write ms", "read ms", "evals/s");
        for (int members : sizes) {
            run(members);
        }
    }

    private static void run(int members) {
        SweepPolicy policy = SweepPolicy.asha(List.of(25L, 75L, 225L), 3);
        Random random = new Random(1);
        String[] ids = new String[members];
        long evals = 0;
        long begin = System.nanoTime();
        SweepState state = SweepState.create("bench", policy);
        for (int m = 0; m < members; m++) {
            ids[m] = "bench-" + m;
            state.onMemberStarted(ids[m], 2000L, spec(m));
        }
        // 80 evaluations per member (every 25 steps to step 2000): more than the 32 points kept.
        for (int k = 1; k <= 80; k++) {
            for (int m = 0; m < members; m++) {
                state.onEval(ids[m], 25L * k, 2.0 + random.nextDouble() - k * 0.001, k);
                evals++;
            }
        }
        double evalsPerSecond = evals / ((System.nanoTime() - begin) / 1e9);
        byte[] json = state.toJson();
        double write = median(() -> state.toJson());
        double read = median(() -> SweepState.fromJson(json));
        System.out.printf(Locale.ROOT, "%8d %8d %10.1f %10.2f %10.2f %12.0f%n", members, state.storedPoints(),
                json.length / 1024.0, write, read, evalsPerSecond);
    }

    /** Median milliseconds of 21 runs after 10 warm-up runs. */
    private static double median(Runnable task) {
        for (int i = 0; i < 10; i++) {
            task.run();
        }
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            long t = System.nanoTime();
            task.run();
            times.add((System.nanoTime() - t) / 1e6);
        }
        times.sort(Double::compare);
        return times.get(times.size() / 2);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(int m) {
        RunSpec spec = new RunSpec(null, null, null, null, null, null, null, null, null, null, 8, 16.0, null,
                1e-5 * (m + 1), null, null, null, null, 1, 2000, null, null, null, null, null, 25, null, null, null)
                .withDefaults();
        return ProtocolJson.mapper().convertValue(ProtocolCodec.specToJson(spec), Map.class);
    }
}
