package io.runwarden.analyzer.stream;

import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.codec.ProtocolCodec;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Decodes {@code runwarden.metrics} records. A record that does not decode, or whose key is not its runId, goes
 * to the dead-letter topic unchanged, with the error and its source topic/partition/offset in headers named as
 * Kafka Streams' own dead-letter records (KIP-1034, {@code __streams.errors.*}); the stream goes on.
 */
public final class MetricsDecoder implements Processor<String, byte[], String, Object> {

    public static final String HEADER_EXCEPTION = "__streams.errors.exception";
    public static final String HEADER_MESSAGE = "__streams.errors.message";
    public static final String HEADER_TOPIC = "__streams.errors.topic";
    public static final String HEADER_PARTITION = "__streams.errors.partition";
    public static final String HEADER_OFFSET = "__streams.errors.offset";

    private final String deadLetterChild;
    private final List<String> decodedChildren;
    private ProcessorContext<String, Object> context;

    /** @param decodedChildren the processors that receive every decoded event */
    public MetricsDecoder(String deadLetterChild, List<String> decodedChildren) {
        this.deadLetterChild = deadLetterChild;
        this.decodedChildren = List.copyOf(decodedChildren);
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        MetricEvent event;
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("record has no value");
            }
            event = ProtocolCodec.decodeMetric(record.value());
            if (!Objects.equals(record.key(), event.runId())) {
                throw new IllegalArgumentException("record key " + (record.key() == null ? "null"
                        : "'" + record.key() + "'") + " is not the message's runId '" + event.runId() + "'");
            }
        } catch (RuntimeException e) {
            deadLetter(record, e);
            return;
        }
        Record<String, Object> decoded = new Record<>(event.runId(), event, record.timestamp());
        for (String child : decodedChildren) {
            context.forward(decoded, child);
        }
    }

    private void deadLetter(Record<String, byte[]> record, RuntimeException error) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        RecordMetadata meta = context.recordMetadata().orElse(null);
        headers.add(HEADER_EXCEPTION, utf8(error.getClass().getName()));
        headers.add(HEADER_MESSAGE, utf8(String.valueOf(error.getMessage())));
        if (meta != null) {
            headers.add(HEADER_TOPIC, utf8(meta.topic()));
            headers.add(HEADER_PARTITION, utf8(Integer.toString(meta.partition())));
            headers.add(HEADER_OFFSET, utf8(Long.toString(meta.offset())));
        }
        context.forward(new Record<String, Object>(record.key(), record.value(), record.timestamp(), headers),
                deadLetterChild);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
