package io.runwarden.analyzer.sweep;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** The Kafka serde of {@link SweepState} for a state store keyed by sweep id (JSON). */
public final class SweepStateSerde implements Serde<SweepState> {

    @Override
    public Serializer<SweepState> serializer() {
        return (topic, state) -> state == null ? null : state.toJson();
    }

    @Override
    public Deserializer<SweepState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : SweepState.fromJson(bytes);
    }
}
