package io.runwarden.dashboard.it;

import com.microsoft.playwright.Page;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runwarden.localkafka.KafkaTestResource;
import io.runwarden.protocol.Alert;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.HealthVerdict;
import io.runwarden.protocol.RollbackCommand;
import io.runwarden.protocol.RollbackDone;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.RunHealth;
import io.runwarden.protocol.Severity;
import io.runwarden.protocol.StopCommand;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web dashboard in Debian's Chromium: a run produced to the topics appears in the table, its chart draws,
 * and the chart grows when new steps arrive. Writes docs/dashboard.png.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SecurityTestResource.class)
class DashboardBrowserIT {

    private static final String RUN = "browser-lora-r8";
    private static final double TIMEOUT_MS = 60_000;

    @TestHTTPResource("/")
    URL base;

    @Test
    void theRunAppearsItsChartDrawsAndUpdatesLive() throws Exception {
        produceAFleet();
        TestKafka.metric(Runs.started(RUN, 600, "sweep-lr"));
        for (long s = 1; s <= 150; s++) {
            TestKafka.metric(Runs.train(RUN, s, s == 97 ? Runs.loss(s) * 2.4 : Runs.loss(s)));
            if (s % 30 == 0) {
                TestKafka.metric(Runs.eval(RUN, s));
            }
        }
        TestKafka.alert(new Alert(RUN, "loss-spike", Severity.WARN, 97, System.currentTimeMillis(),
                "loss 2.4× its recent median", Map.of()));
        TestKafka.health(new RunHealth(RUN, HealthVerdict.HEALTHY, List.of(), 150, System.currentTimeMillis()));
        await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/runs/" + RUN)
                .then().body("summary.step", equalTo(150)));

        try (SystemChromium chromium = new SystemChromium()) {
            Page page = chromium.newPage(1440, 1180, TIMEOUT_MS);
            page.navigate(base + "?run=" + RUN);

            page.waitForSelector("tr[data-run-id='" + RUN + "']");
            page.waitForSelector("#chart-loss canvas");
            page.waitForFunction("() => Number(document.getElementById('chart-loss').dataset.lastStep) >= 150",
                    null, new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));
            assertTrue((Boolean) page.evaluate("() => { const c = document.querySelector('#chart-loss canvas');"
                    + " if (c.width < 200 || c.height < 100) return false;"
                    + " const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                    + " let drawn = 0; for (let i = 3; i < px.length; i += 4) if (px[i] > 0) drawn++;"
                    + " return drawn > 2000; }"), "the loss chart's canvas has lines drawn on it");
            assertTrue(page.locator("tr[data-run-id='" + RUN + "'] .pill.running").count() == 1);

            for (long s = 151; s <= 200; s++) {
                TestKafka.metric(Runs.train(RUN, s));
            }
            TestKafka.metric(Runs.eval(RUN, 180));
            page.waitForFunction("() => Number(document.getElementById('chart-loss').dataset.lastStep) === 200",
                    null, new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));
            page.waitForFunction("() => document.querySelector(\"tr[data-run-id='" + RUN + "']\")"
                    + ".textContent.includes('200 / 600')", null,
                    new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));

            Path png = Paths.get("..", "docs", "dashboard.png").toAbsolutePath().normalize();
            Files.createDirectories(png.getParent());
            page.screenshot(new Page.ScreenshotOptions().setPath(png).setFullPage(true));
            assertTrue(Files.size(png) > 10_000, "the screenshot was written");
        }
    }

    /** A few other runs, so the table looks like a real afternoon of fine-tuning. */
    private static void produceAFleet() {
        String done = "browser-cosine-2e4";
        TestKafka.metric(Runs.started(done, 120, "sweep-lr"));
        for (long s = 1; s <= 120; s++) {
            TestKafka.metric(Runs.train(done, s, Runs.loss(s) * 0.95));
            if (s % 30 == 0) {
                TestKafka.metric(Runs.eval(done, s));
            }
        }
        TestKafka.metric(new RunFinished(done, 120, System.currentTimeMillis(), FinishStatus.COMPLETED, null, null));
        TestKafka.health(new RunHealth(done, HealthVerdict.FINISHED, List.of(), 120, System.currentTimeMillis()));

        String hot = "browser-lr-5e2";
        TestKafka.metric(Runs.started(hot, 400, "sweep-lr"));
        for (long s = 1; s <= 40; s++) {
            TestKafka.metric(Runs.train(hot, s, s < 38 ? Runs.loss(s) * (1 + s * 0.05) : Double.NaN));
            if (s == 20) {
                TestKafka.metric(Runs.checkpoint(hot, 20));
            }
        }
        TestKafka.command(new RollbackCommand(hot + "/non-finite/38", hot, "non-finite", "loss is NaN", 38,
                System.currentTimeMillis(), "analyzer", Map.of(), "step-20", 20, 0.5, 4));
        TestKafka.metric(new RollbackDone(hot, 20, System.currentTimeMillis(), 38, "step-20", 0.5, 4,
                hot + "/non-finite/38"));
        TestKafka.health(new RunHealth(hot, HealthVerdict.ROLLED_BACK, List.of("loss NaN at step 38"), 38,
                System.currentTimeMillis()));

        String overfit = "browser-overfit-e10";
        TestKafka.metric(Runs.started(overfit, 900, null));
        for (long s = 1; s <= 240; s++) {
            TestKafka.metric(Runs.train(overfit, s, Runs.loss(s) * 0.7));
            if (s % 40 == 0) {
                TestKafka.metric(new io.runwarden.protocol.EvalResult(overfit, s, System.currentTimeMillis(),
                        s / 60.0, 1.2 + Math.abs(s - 120) / 300.0, Map.of()));
            }
        }
        TestKafka.command(new StopCommand(overfit + "/early-stopping/240", overfit, "early-stopping",
                "valLoss did not improve for 3 evaluations", 240, System.currentTimeMillis(), "analyzer", Map.of(),
                null, null));
        TestKafka.metric(new RunFinished(overfit, 240, System.currentTimeMillis(), FinishStatus.STOPPED,
                "early stopping", null));
        TestKafka.health(new RunHealth(overfit, HealthVerdict.STOPPED, List.of("early stopping"), 240,
                System.currentTimeMillis()));
    }
}
