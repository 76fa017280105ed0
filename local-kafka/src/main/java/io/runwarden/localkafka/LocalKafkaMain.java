package io.runwarden.localkafka;

import io.runwarden.protocol.Topics;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./runwarden kafka}: a standalone local broker with the protocol's topics, until Ctrl-C.
 * Options: {@code --port N} (default 9092), {@code --data-dir DIR} (default: a temporary directory),
 * {@code --partitions N} (default {@value Topics#DEFAULT_PARTITIONS}).
 */
public final class LocalKafkaMain {

    private LocalKafkaMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 9092;
        int partitions = Topics.DEFAULT_PARTITIONS;
        Path dataDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
                case "--partitions" -> partitions = Integer.parseInt(value(args, ++i, "--partitions"));
                case "-h", "--help" -> {
                    System.out.println("usage: runwarden kafka [--port 9092] [--data-dir DIR] [--partitions 6]");
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i] + " (try --help)");
                    System.exit(2);
                }
            }
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(port).dataDir(dataDir).build().start();
        TopicBootstrap.createProtocolTopics(broker.bootstrapServers(), partitions);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "kafka-shutdown"));
        System.out.println("Kafka (KRaft) ready at " + broker.bootstrapServers() + " with topics "
                + Topics.allTopics() + " — Ctrl-C stops it");
        stopped.await();
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return args[index];
    }
}
