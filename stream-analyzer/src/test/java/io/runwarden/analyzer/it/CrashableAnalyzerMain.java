package io.runwarden.analyzer.it;

import io.runwarden.analyzer.stream.AnalyzerSettings;
import io.runwarden.analyzer.stream.StreamsProperties;
import io.runwarden.analyzer.stream.TopologyFactory;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The analyzer in a child JVM that the crash test kills with SIGKILL. It commits only every two minutes, so the
 * transaction holding its command is still open when it dies.
 * Arguments: bootstrap servers, application id, state directory.
 */
public final class CrashableAnalyzerMain {

    private CrashableAnalyzerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Properties props = StreamsProperties.exactlyOnce(args[0], args[1], Path.of(args[2]), 120_000);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 180_000);
        props.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 6_000);
        props.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 1_000);
        KafkaStreams streams = new KafkaStreams(TopologyFactory.build(AnalyzerSettings.defaults()), props);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                System.out.println("ANALYZER RUNNING");
                System.out.flush();
            }
        });
        streams.start();
        Thread.currentThread().join();
    }
}
