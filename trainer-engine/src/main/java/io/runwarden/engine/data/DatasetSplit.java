package io.runwarden.engine.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A seeded train/validation split. The validation part depends only on the dataset size, the fraction and the
 * seed (not on {@code maxTrainExamples}), so runs of a sweep that cap training differently still compare on the
 * same held-out examples. Validation examples are never trained on.
 */
public record DatasetSplit(List<Integer> train, List<Integer> validation) {

    private static final long SPLIT_SALT = 0x5EED5EEDL;

    public static DatasetSplit of(int size, double validationFraction, long seed, Integer maxTrainExamples) {
        List<Integer> order = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed ^ SPLIT_SALT));
        int validationSize = (int) Math.max(1, Math.round(size * validationFraction));
        validationSize = Math.min(validationSize, size - 1);
        List<Integer> validation = new ArrayList<>(order.subList(0, validationSize));
        List<Integer> train = new ArrayList<>(order.subList(validationSize, size));
        if (maxTrainExamples != null && maxTrainExamples < train.size()) {
            train = new ArrayList<>(train.subList(0, maxTrainExamples));
        }
        Collections.sort(validation);
        Collections.sort(train);
        return new DatasetSplit(List.copyOf(train), List.copyOf(validation));
    }
}
