package io.runwarden.protocol.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwarden.protocol.codec.ProtocolJson;

import java.util.List;
import java.util.Random;

/**
 * One field's distribution in a random sweep: {@code {"logUniform": [min, max]}}, {@code {"uniform": [min, max]}}
 * or {@code {"choice": [v1, v2, ...]}}. Integer fields round a drawn number to the nearest integer.
 */
public record Distribution(String kind, double min, double max, List<JsonNode> choices) {

    public static final String LOG_UNIFORM = "logUniform";
    public static final String UNIFORM = "uniform";
    public static final String CHOICE = "choice";

    public Distribution {
        choices = choices == null ? null : List.copyOf(choices);
    }

    public static Distribution logUniform(double min, double max) {
        return new Distribution(LOG_UNIFORM, min, max, null);
    }

    public static Distribution uniform(double min, double max) {
        return new Distribution(UNIFORM, min, max, null);
    }

    public static Distribution choice(List<JsonNode> values) {
        return new Distribution(CHOICE, 0, 0, values);
    }

    /**
     * Draws one value. Uses exactly one call on {@code random} whatever the kind, so every field's draws stay
     * aligned when the same seed is reused.
     */
    JsonNode sample(Random random, Class<?> fieldType) {
        switch (kind) {
            case CHOICE:
                return choices.get(random.nextInt(choices.size()));
            case LOG_UNIFORM: {
                double u = random.nextDouble();
                return number(Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))), fieldType);
            }
            case UNIFORM: {
                double u = random.nextDouble();
                return number(min + u * (max - min), fieldType);
            }
            default:
                throw new IllegalStateException("unknown distribution " + kind);
        }
    }

    private static JsonNode number(double value, Class<?> fieldType) {
        if (fieldType == Integer.class) {
            return IntNode.valueOf((int) Math.round(value));
        }
        if (fieldType == Long.class) {
            return LongNode.valueOf(Math.round(value));
        }
        return DoubleNode.valueOf(value);
    }

    ObjectNode toJson() {
        ObjectNode node = ProtocolJson.mapper().createObjectNode();
        if (CHOICE.equals(kind)) {
            node.putArray(kind).addAll(choices);
        } else {
            node.putArray(kind).add(min).add(max);
        }
        return node;
    }
}
