package io.runwarden.engine.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Where training is in the data: epoch and position in that epoch's order. Each epoch's order is a shuffle seeded
 * by (seed, epoch), so the position alone restores the exact stream of batches (the RNG state is the pair).
 * A step takes the next effective batch; the last batch of an epoch may be smaller.
 */
public final class DataCursor {

    private final int trainSize;
    private final long seed;
    private int epoch;
    private int position;
    private int[] order;

    public DataCursor(int trainSize, long seed, int epoch, int position) {
        if (trainSize <= 0) {
            throw new IllegalArgumentException("no training examples");
        }
        this.trainSize = trainSize;
        this.seed = seed;
        this.epoch = epoch;
        this.position = position;
        this.order = orderOf(epoch);
    }

    public static long stepsPerEpoch(int trainSize, int effectiveBatch) {
        return (trainSize + effectiveBatch - 1) / effectiveBatch;
    }

    /** Indices (into the training split) of the next effective batch. */
    public List<Integer> next(int effectiveBatch) {
        if (position >= trainSize) {
            advanceEpoch();
        }
        int end = Math.min(trainSize, position + effectiveBatch);
        List<Integer> picked = new ArrayList<>(end - position);
        for (int i = position; i < end; i++) {
            picked.add(order[i]);
        }
        position = end;
        return picked;
    }

    /** Skips {@code batches} effective batches without using them. */
    public void skip(int batches, int effectiveBatch) {
        for (int i = 0; i < batches; i++) {
            next(effectiveBatch);
        }
    }

    public int epoch() {
        return epoch;
    }

    public int position() {
        return position;
    }

    /** Fractional epochs done, e.g. 1.5 halfway through the second epoch. */
    public double epochProgress() {
        return epoch + (double) position / trainSize;
    }

    private void advanceEpoch() {
        epoch++;
        position = 0;
        order = orderOf(epoch);
    }

    private int[] orderOf(int e) {
        int[] o = new int[trainSize];
        for (int i = 0; i < trainSize; i++) {
            o[i] = i;
        }
        Random random = new Random(seed * 1_000_003L + e);
        for (int i = trainSize - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        return o;
    }
}
