package io.runwarden.protocol.kafka;

import io.runwarden.protocol.Alert;
import io.runwarden.protocol.MetricEvent;
import io.runwarden.protocol.RunCommand;
import io.runwarden.protocol.RunHealth;
import io.runwarden.protocol.RunRequest;
import io.runwarden.protocol.codec.ProtocolCodec;

/** One serde per protocol topic. Keys are always the runId as a UTF-8 string. */
public final class ProtocolSerdes {

    private static final ProtocolSerde<MetricEvent> METRICS =
            new ProtocolSerde<>(ProtocolCodec::encodeMetric, ProtocolCodec::decodeMetric);
    private static final ProtocolSerde<RunCommand> COMMANDS =
            new ProtocolSerde<>(ProtocolCodec::encodeCommand, ProtocolCodec::decodeCommand);
    private static final ProtocolSerde<Alert> ALERTS =
            new ProtocolSerde<>(ProtocolCodec::encodeAlert, ProtocolCodec::decodeAlert);
    private static final ProtocolSerde<RunHealth> HEALTH =
            new ProtocolSerde<>(ProtocolCodec::encodeHealth, ProtocolCodec::decodeHealth);
    private static final ProtocolSerde<RunRequest> RUN_REQUESTS =
            new ProtocolSerde<>(ProtocolCodec::encodeRunRequest, ProtocolCodec::decodeRunRequest);

    private ProtocolSerdes() {
    }

    public static ProtocolSerde<MetricEvent> metrics() {
        return METRICS;
    }

    public static ProtocolSerde<RunCommand> commands() {
        return COMMANDS;
    }

    public static ProtocolSerde<Alert> alerts() {
        return ALERTS;
    }

    public static ProtocolSerde<RunHealth> health() {
        return HEALTH;
    }

    public static ProtocolSerde<RunRequest> runRequests() {
        return RUN_REQUESTS;
    }
}
