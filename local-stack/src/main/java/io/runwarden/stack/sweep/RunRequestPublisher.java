package io.runwarden.stack.sweep;

import io.runwarden.protocol.RunRequest;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.codec.ProtocolCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Produces run requests to {@link Topics#RUN_REQUESTS}, key = run id, with an idempotent producer (acks=all) so a
 * retry never duplicates a request. {@code extra} are further client properties (security settings).
 */
public final class RunRequestPublisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    public RunRequestPublisher(String bootstrapServers, Map<String, String> extra) {
        Properties props = new Properties();
        props.putAll(extra);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "runwarden-sweep-cli");
        // Fail in seconds, not minutes, when no broker answers.
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends every request and waits until all are acknowledged; throws on the first failure. */
    public List<RecordMetadata> publish(List<RunRequest> requests) throws InterruptedException {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (RunRequest r : requests) {
            sent.add(producer.send(new ProducerRecord<>(Topics.RUN_REQUESTS, r.runId(),
                    ProtocolCodec.encodeRunRequest(r))));
        }
        producer.flush();
        List<RecordMetadata> acked = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            try {
                acked.add(sent.get(i).get(60, TimeUnit.SECONDS));
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new IllegalStateException("run request " + requests.get(i).runId() + " was not accepted: "
                        + cause.getMessage(), cause);
            }
        }
        return acked;
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
