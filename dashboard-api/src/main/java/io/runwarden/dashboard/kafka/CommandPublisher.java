package io.runwarden.dashboard.kafka;

import io.runwarden.protocol.RunCommand;
import io.runwarden.protocol.RunRequest;
import io.runwarden.protocol.codec.ProtocolCodec;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Writes what people ask for: commands to {@code runwarden.commands}, runs to {@code runwarden.run-requests}. */
@ApplicationScoped
public class CommandPublisher {

    private final MutinyEmitter<byte[]> commands;
    private final MutinyEmitter<byte[]> runRequests;

    public CommandPublisher(@Channel("commands-out") MutinyEmitter<byte[]> commands,
                            @Channel("run-requests-out") MutinyEmitter<byte[]> runRequests) {
        this.commands = commands;
        this.runRequests = runRequests;
    }

    /** Completes when the broker acknowledged the command (key = runId, so it stays in order with the run). */
    public Uni<Void> send(RunCommand command) {
        return commands.sendMessage(KafkaRecord.of(command.runId(), ProtocolCodec.encodeCommand(command)));
    }

    public Uni<Void> send(RunRequest request) {
        return runRequests.sendMessage(KafkaRecord.of(request.runId(), ProtocolCodec.encodeRunRequest(request)));
    }
}
