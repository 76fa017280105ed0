package io.runwarden.agent.run;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.runwarden.agent.telemetry.TelemetryBuffer;
import io.runwarden.protocol.CommandType;
import io.runwarden.protocol.FinishStatus;

import java.time.Duration;

/**
 * The agent's Micrometer meters (Prometheus names at /q/metrics): {@code runwarden_agent_steps_total},
 * {@code runwarden_agent_step_seconds}, {@code runwarden_agent_telemetry_buffered},
 * {@code runwarden_agent_telemetry_dropped_total}, {@code runwarden_agent_commands_obeyed_total{type}},
 * {@code runwarden_agent_commands_ignored_total}, {@code runwarden_agent_runs_total{status}}.
 */
public final class AgentMetrics {

    private final MeterRegistry registry;
    private final Counter steps;
    private final Timer stepTime;
    private final Counter ignored;

    public AgentMetrics(MeterRegistry registry, TelemetryBuffer buffer) {
        this.registry = registry;
        this.steps = Counter.builder("runwarden.agent.steps").description("optimizer steps trained")
                .register(registry);
        this.stepTime = Timer.builder("runwarden.agent.step").description("time of one optimizer step")
                .register(registry);
        this.ignored = Counter.builder("runwarden.agent.commands.ignored")
                .description("commands ignored: other run, duplicate id, issued before the run started")
                .register(registry);
        Gauge.builder("runwarden.agent.telemetry.buffered", buffer, TelemetryBuffer::size)
                .description("telemetry messages waiting for Kafka").register(registry);
        FunctionCounter.builder("runwarden.agent.telemetry.dropped", buffer, TelemetryBuffer::droppedCount)
                .description("telemetry messages dropped because the buffer was full").register(registry);
    }

    public void step(double stepMillis) {
        steps.increment();
        if (Double.isFinite(stepMillis) && stepMillis >= 0) {
            stepTime.record(Duration.ofNanos((long) (stepMillis * 1_000_000)));
        }
    }

    public void commandObeyed(CommandType type) {
        Counter.builder("runwarden.agent.commands.obeyed").tag("type", type.name()).register(registry).increment();
    }

    public void commandIgnored() {
        ignored.increment();
    }

    public void runFinished(FinishStatus status) {
        Counter.builder("runwarden.agent.runs").tag("status", status.wireName()).register(registry).increment();
    }
}
