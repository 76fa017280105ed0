package io.runwarden.analyzer.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.runwarden.analyzer.state.RunState;
import io.runwarden.protocol.codec.ProtocolJson;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;

/** The per-run state as JSON in the state store (and its changelog). */
public final class RunStateSerde implements Serde<RunState> {

    @Override
    public Serializer<RunState> serializer() {
        return (topic, state) -> {
            if (state == null) {
                return null;
            }
            try {
                return ProtocolJson.mapper().writeValueAsBytes(state);
            } catch (JsonProcessingException e) {
                throw new SerializationException("cannot write the state of run " + state.runId, e);
            }
        };
    }

    @Override
    public Deserializer<RunState> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return ProtocolJson.mapper().readValue(bytes, RunState.class);
            } catch (IOException e) {
                throw new SerializationException("cannot read a run state", e);
            }
        };
    }
}
