package io.runwarden.agent.commands;

import io.runwarden.agent.kafka.DeadLetters;
import io.runwarden.agent.kafka.KafkaSettings;
import io.runwarden.agent.run.AgentMetrics;
import io.runwarden.protocol.RunCommand;
import io.runwarden.protocol.Topics;
import io.runwarden.protocol.codec.ProtocolCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads {@code runwarden.commands} for one run, on its own thread, and turns the commands this run must obey
 * into engine directives. It is positioned by time, at the run's start (less a small clock allowance), so
 * commands sent after the run began are seen even when they arrive before the consumer is ready, and older
 * ones are never replayed; the {@link CommandFilter} then checks run, issue time and duplicate ids. Undecodable
 * records keyed by this run (or by no run) go to {@code runwarden.commands.dlq}.
 */
public final class CommandListener implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CommandListener.class);
    private static final long CLOCK_ALLOWANCE_MS = 5_000;

    private final KafkaSettings kafka;
    private final String agentId;
    private final String runId;
    private final long runStartMillis;
    private final CommandFilter filter;
    private final DirectiveQueue directives;
    private final DeadLetters deadLetters;
    private final AgentMetrics metrics;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;

    public CommandListener(KafkaSettings kafka, String agentId, String runId, long runStartMillis,
                           DirectiveQueue directives, DeadLetters deadLetters, AgentMetrics metrics) {
        this.kafka = kafka;
        this.agentId = agentId;
        this.runId = runId;
        this.runStartMillis = runStartMillis;
        this.filter = new CommandFilter(runId, runStartMillis);
        this.directives = directives;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.thread = new Thread(this::loop, "runwarden-commands-" + runId);
        this.thread.setDaemon(true);
    }

    public static String groupId(String agentId) {
        return "runwarden-agent-" + agentId;
    }

    public CommandListener start() {
        thread.start();
        return this;
    }

    /** Whether the consumer found its position (Kafka reachable); training does not wait for it. */
    public boolean awaitPositioned(Duration timeout) throws InterruptedException {
        return positioned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void loop() {
        try (KafkaConsumer<String, byte[]> c = kafka.rawConsumer(groupId(agentId), "runwarden-agent-" + agentId
                + "-commands-" + runId, Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100))) {
            consumer = c;
            if (!running) {
                return;
            }
            position(c);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(200))) {
                    handle(record);
                }
                c.commitAsync();
            }
        } catch (WakeupException e) {
            // closing
        } catch (Exception e) {
            if (running) {
                LOG.errorf(e, "The command consumer of run %s stopped; STOP and ROLLBACK will not reach it", runId);
            }
        }
    }

    private void position(KafkaConsumer<String, byte[]> c) {
        List<PartitionInfo> infos = null;
        while (running && (infos == null || infos.isEmpty())) {
            try {
                infos = c.partitionsFor(Topics.COMMANDS, Duration.ofSeconds(10));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.warnf("run %s: Kafka unreachable, command consumer waits (%s)", runId, e.getMessage());
            }
        }
        if (!running) {
            return;
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition()))
                .toList();
        c.assign(partitions);
        Map<TopicPartition, Long> at = new HashMap<>();
        partitions.forEach(p -> at.put(p, runStartMillis - CLOCK_ALLOWANCE_MS));
        Map<TopicPartition, OffsetAndTimestamp> offsets = c.offsetsForTimes(at, Duration.ofSeconds(30));
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp o = offsets.get(p);
            if (o == null) {
                c.seekToEnd(List.of(p));
                c.position(p);
            } else {
                c.seek(p, o.offset());
            }
        }
        positioned.countDown();
        LOG.debugf("run %s: command consumer positioned on %d partitions", runId, partitions.size());
    }

    void handle(ConsumerRecord<String, byte[]> record) {
        RunCommand command;
        try {
            command = ProtocolCodec.decodeCommand(record.value());
        } catch (RuntimeException e) {
            if (record.key() == null || runId.equals(record.key())) {
                deadLetters.send(record, e);
            }
            return;
        }
        CommandFilter.Decision decision = filter.decide(command);
        if (decision.obeyed()) {
            LOG.infof("run %s: obeying %s %s (%s)", runId, command.type(), command.commandId(), command.reason());
            directives.add(decision.directive());
            metrics.commandObeyed(command.type());
        } else if (runId.equals(command.runId())) {
            LOG.infof("run %s: ignoring %s %s: %s", runId, command.type(), command.commandId(),
                    decision.ignoredBecause());
            metrics.commandIgnored();
        } else {
            LOG.debugf("run %s: ignoring %s %s: %s", runId, command.type(), command.commandId(),
                    decision.ignoredBecause());
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
