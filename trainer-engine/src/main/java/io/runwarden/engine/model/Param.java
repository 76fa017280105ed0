package io.runwarden.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * One named parameter tensor of a model. We own the tensors (instead of DJL Blocks) so that freezing, LoRA,
 * AdamW's per-parameter choice of weight decay, and saving/restoring exact state are plain data operations.
 * Restoring replaces the tensor (a NaN-poisoned tensor can't be fixed in place by arithmetic).
 */
public final class Param {

    private final String name;
    private final Shape shape;
    private final boolean trainable;
    private final boolean decay;
    private final NDManager manager;
    private NDArray array;

    /**
     * @param trainable whether the optimizer updates it (false for frozen base weights under LoRA)
     * @param decay     whether AdamW's weight decay applies (not to biases and norm gains/offsets)
     */
    public Param(String name, float[] values, Shape shape, boolean trainable, boolean decay, NDManager manager) {
        this.name = name;
        this.shape = shape;
        this.trainable = trainable;
        this.decay = decay;
        this.manager = manager;
        this.array = newArray(values);
    }

    public String name() {
        return name;
    }

    public Shape shape() {
        return shape;
    }

    public boolean trainable() {
        return trainable;
    }

    public boolean decay() {
        return decay;
    }

    public NDArray array() {
        return array;
    }

    public float[] values() {
        return array.toFloatArray();
    }

    /** Replaces the tensor's values (same shape). */
    public void load(float[] values) {
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(name + ": expected " + shape.size() + " values for " + shape
                    + ", got " + values.length);
        }
        NDArray old = array;
        array = newArray(values);
        old.close();
    }

    private NDArray newArray(float[] values) {
        NDArray a = manager.create(values, shape);
        a.setName(name);
        if (trainable) {
            a.setRequiresGradient(true);
        }
        return a;
    }
}
