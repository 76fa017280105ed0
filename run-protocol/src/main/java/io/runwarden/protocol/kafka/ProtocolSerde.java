package io.runwarden.protocol.kafka;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.util.function.Function;

/**
 * A Kafka serde over one of the protocol codec's encode/decode pairs. Decoding a malformed record throws
 * {@link io.runwarden.protocol.codec.ProtocolException}; consumers route such records to the dead-letter topic.
 */
public final class ProtocolSerde<T> implements Serde<T> {

    private final Function<T, byte[]> encoder;
    private final Function<byte[], T> decoder;

    ProtocolSerde(Function<T, byte[]> encoder, Function<byte[], T> decoder) {
        this.encoder = encoder;
        this.decoder = decoder;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : encoder.apply(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        // A null value is a tombstone (compacted run-health) and stays null.
        return (topic, bytes) -> bytes == null ? null : decoder.apply(bytes);
    }
}
