package io.runwarden.dashboard.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.runwarden.protocol.Alert;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.HealthVerdict;
import io.runwarden.protocol.RollbackCommand;
import io.runwarden.protocol.RollbackDone;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.RunHealth;
import io.runwarden.protocol.Severity;
import io.runwarden.protocol.StopCommand;

import java.util.List;
import java.util.Map;

/**
 * Writes two runs' whole history to the topics before the app starts, as if the dashboard had been restarted
 * after they happened: what the app shows must come from the retained data alone.
 */
public class SeedBeforeStartResource implements QuarkusTestResourceLifecycleManager {

    public static final String LONG_RUN = "seeded-long";
    public static final String STOPPED_RUN = "seeded-stopped";
    public static final int LONG_STEPS = 3000;

    @Override
    public Map<String, String> start() {
        TestKafka.metric(Runs.started(LONG_RUN, 5000, "sweep-seed"));
        for (long s = 1; s <= LONG_STEPS; s++) {
            double loss = s == 1234 ? 40.0 : s == 2000 ? Double.NaN : Runs.loss(s);
            TestKafka.metric(Runs.train(LONG_RUN, s, loss));
            if (s % 500 == 0) {
                TestKafka.metric(Runs.eval(LONG_RUN, s));
                TestKafka.metric(Runs.checkpoint(LONG_RUN, s));
            }
        }
        TestKafka.alert(new Alert(LONG_RUN, "non-finite", Severity.ACTION, 2000, 1L, "loss is NaN", Map.of()));
        TestKafka.command(new RollbackCommand(LONG_RUN + "/non-finite/2000", LONG_RUN, "non-finite", "NaN", 2000,
                2L, "analyzer", Map.of(), "step-1500", 1500, 0.5, 4));
        TestKafka.health(new RunHealth(LONG_RUN, HealthVerdict.ROLLED_BACK, List.of("loss NaN at 2000"), 2000, 3L));

        TestKafka.metric(Runs.started(STOPPED_RUN, 100, null));
        for (long s = 1; s <= 40; s++) {
            TestKafka.metric(Runs.train(STOPPED_RUN, s));
        }
        TestKafka.command(new StopCommand(STOPPED_RUN + "/manual/40/x", STOPPED_RUN, "manual", "by hand", 40, 4L,
                "user:ann", Map.of(), null, null));
        TestKafka.metric(new RunFinished(STOPPED_RUN, 40, 5L, FinishStatus.STOPPED, "stopped by user:ann", null));
        TestKafka.metric(new RollbackDone(LONG_RUN, 1500, 6L, 2000, "step-1500", 0.5, 4,
                LONG_RUN + "/non-finite/2000"));
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
