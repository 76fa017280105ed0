package io.runwarden.agent.kafka;

import io.runwarden.protocol.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Moves a record that cannot be used to {@code <topic>.dlq}: same key and bytes, with headers saying why
 * ({@code runwarden.dlq.error}) and where it came from ({@code runwarden.dlq.topic}, {@code .partition},
 * {@code .offset}). The consumer then goes on with the next record.
 */
public final class DeadLetters implements AutoCloseable {

    public static final String ERROR_HEADER = "runwarden.dlq.error";
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final Producer<String, byte[]> producer;

    public DeadLetters(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    public void send(ConsumerRecord<String, byte[]> record, Exception error) {
        String dlq = Topics.deadLetter(record.topic());
        RecordHeaders headers = new RecordHeaders();
        headers.add(ERROR_HEADER, utf8(String.valueOf(error.getMessage())));
        headers.add("runwarden.dlq.topic", utf8(record.topic()));
        headers.add("runwarden.dlq.partition", utf8(String.valueOf(record.partition())));
        headers.add("runwarden.dlq.offset", utf8(String.valueOf(record.offset())));
        LOG.warnf("Undecodable record %s-%d@%d moved to %s: %s", record.topic(), record.partition(),
                record.offset(), dlq, error.getMessage());
        try {
            producer.send(new ProducerRecord<>(dlq, null, record.key(), record.value(), headers))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.errorf("Could not write to %s (the record %s-%d@%d is skipped): %s", dlq, record.topic(),
                    record.partition(), record.offset(), e.toString());
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
