package io.runwarden.analyzer.detect;

import io.runwarden.analyzer.state.RunState;
import io.runwarden.protocol.Alert;
import io.runwarden.protocol.RunCommand;
import io.runwarden.protocol.RunHealth;

import java.util.ArrayList;
import java.util.List;

/**
 * What handling one message (or one wall-clock tick) produced: the run's new state (null: forget the run),
 * commands, alerts and, when the verdict changed, the new run-health.
 */
public final class Outcome {

    public RunState state;
    public final List<RunCommand> commands = new ArrayList<>();
    public final List<Alert> alerts = new ArrayList<>();
    public RunHealth health;

    Outcome(RunState state) {
        this.state = state;
    }

    public boolean changedNothing() {
        return commands.isEmpty() && alerts.isEmpty() && health == null;
    }
}
