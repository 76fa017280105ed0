package io.runwarden.dashboard.it;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runwarden.localkafka.KafkaTestResource;
import io.runwarden.protocol.EvalResult;
import io.runwarden.protocol.FinishStatus;
import io.runwarden.protocol.RunFinished;
import io.runwarden.protocol.RunStarted;
import io.runwarden.protocol.StopCommand;
import io.runwarden.protocol.TrainStep;
import io.runwarden.protocol.sweep.SweepPolicy;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sweep view in Debian's Chromium: a six-member learning-rate sweep (two members pruned by the median rule)
 * opened at {@code #sweep/<id>} draws every member's validation loss, the learning-rate scatter and the members
 * table with the winner first. Writes docs/sweep.png.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SecurityTestResource.class)
class SweepBrowserIT {

    private static final String SWEEP = "lr-sweep-demo";
    private static final double[] LRS = {3e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3};
    private static final double TIMEOUT_MS = 60_000;

    @TestHTTPResource("/")
    URL base;

    /** A plausible validation curve: too small a learning rate converges slowly, too large one plateaus high. */
    private static double valLoss(double lr, long step) {
        if (lr >= 1e-3) {
            return 1.55 + step / 250.0 + 0.03 * Math.sin(step * 0.11);
        }
        double d = Math.log10(lr / 2e-4);
        double floor = 0.92 + 0.3 * d * d;
        double tau = 70 * Math.sqrt(2e-4 / lr);
        return floor + 1.5 * Math.exp(-step / tau) + 0.012 * Math.sin(step * 0.07 + lr * 1e4);
    }

    @Test
    void theSweepViewDrawsItsMembersAndTheWinner() throws Exception {
        long[] lastStep = {150, 300, 400, 400, 350, 100};
        for (int i = 0; i < LRS.length; i++) {
            String runId = SWEEP + "-" + i;
            ObjectNode spec = JsonNodeFactory.instance.objectNode().put("learningRate", LRS[i])
                    .put("schedule", "cosine").put("batchSize", 8).put("gradAccumulation", 2).put("epochs", 1)
                    .put("finetune", "lora");
            ObjectNode policy = JsonNodeFactory.instance.objectNode();
            policy.set("sweep", SweepPolicy.medianDefaults().toJson());
            TestKafka.metric(new RunStarted(runId, 0, System.currentTimeMillis(), spec, 400, policy, SWEEP, "agent-" + i));
            for (long s = 10; s <= lastStep[i]; s += 10) {
                TestKafka.metric(new TrainStep(runId, s, System.currentTimeMillis(), s / 400.0,
                        valLoss(LRS[i], s) - 0.1, LRS[i], 0.6, 200, 12_800, 40));
                if (s % 50 == 0) {
                    TestKafka.metric(new EvalResult(runId, s, System.currentTimeMillis(), s / 400.0,
                            valLoss(LRS[i], s), Map.of()));
                }
            }
        }
        prune(0, 150, 1.9, 1.18);
        prune(5, 100, 1.97, 1.45);
        for (int i : new int[] {2, 3}) {
            TestKafka.metric(new RunFinished(SWEEP + "-" + i, 400, System.currentTimeMillis(), FinishStatus.COMPLETED,
                    null, null));
        }
        await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/sweeps/" + SWEEP)
                .then().body("pruned", equalTo(2)).body("finished", equalTo(2))
                .body("members.find { it.runId == 'lr-sweep-demo-4' }.lastStep", equalTo(350)));

        try (SystemChromium chromium = new SystemChromium()) {
            Page page = chromium.newPage(1440, 1180, TIMEOUT_MS);
            page.navigate(base + "#sweep/" + SWEEP);

            page.waitForSelector("#sweep-body tr[data-run-id='" + SWEEP + "-5']");
            page.waitForFunction("() => document.querySelectorAll('#sweep-body tr').length === 6", null,
                    new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));
            page.waitForSelector("#chart-sweep canvas");
            page.waitForSelector(".sweep-chip[data-sweep-id='" + SWEEP + "']");
            assertTrue(drawn(page, "#chart-sweep canvas", 3000), "the members' validation curves are drawn");
            assertTrue(drawn(page, "#chart-sweep-lr canvas", 300), "the learning-rate scatter is drawn");
            assertEquals("6", page.getAttribute("#chart-sweep-lr", "data-points"));
            assertEquals(SWEEP + "-3", page.getAttribute("#sweep-body tr:first-child", "data-run-id"),
                    "sorted by best validation loss: the winner (lr 2e-4) first");
            assertTrue(page.locator("#sweep-body tr.winner").count() == 1);
            assertEquals(2, page.locator("#sweep-body tr.pruned").count());
            assertTrue(page.locator("#sweep-body tr[data-run-id='" + SWEEP + "-5']").textContent()
                    .contains("sweep-median-stopping"));

            // Live: a running member finishes; the all-runs stream tells the view to refresh.
            String last = SWEEP + "-4";
            for (long s = 360; s <= 400; s += 10) {
                TestKafka.metric(new TrainStep(last, s, System.currentTimeMillis(), s / 400.0,
                        valLoss(LRS[4], s) - 0.1, LRS[4], 0.6, 200, 12_800, 40));
            }
            TestKafka.metric(new EvalResult(last, 400, System.currentTimeMillis(), 1.0, valLoss(LRS[4], 400),
                    Map.of()));
            TestKafka.metric(new RunFinished(last, 400, System.currentTimeMillis(), FinishStatus.COMPLETED, null,
                    null));
            page.waitForFunction("() => { const tr = document.querySelector(\"#sweep-body tr[data-run-id='" + last
                    + "']\"); return tr && tr.textContent.includes('400 / 400') && tr.textContent.includes('completed'); }",
                    null, new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));

            // The sticky page header would cover the panel's own title in an element screenshot.
            page.addStyleTag(new Page.AddStyleTagOptions().setContent(".top { position: static; }"));
            page.evaluate("() => window.scrollTo(0, 0)");
            Path png = Paths.get("..", "docs", "sweep.png").toAbsolutePath().normalize();
            Files.createDirectories(png.getParent());
            page.locator("#sweep").screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions().setPath(png));
            assertTrue(Files.size(png) > 10_000, "the screenshot was written");
        }
    }

    private static void prune(int index, long step, double value, double median) {
        String runId = SWEEP + "-" + index;
        TestKafka.command(new StopCommand(runId + "/sweep-median-stopping/" + step, runId, "sweep-median-stopping",
                String.format(java.util.Locale.ROOT, "valLoss %.2f at step %d is worse than the median %.2f of "
                        + "the other members' running averages", value, step, median),
                step, System.currentTimeMillis(), "analyzer",
                Map.of("step", step, "value", value, "median", median, "membersCounted", 4), null, null));
        TestKafka.metric(new RunFinished(runId, step, System.currentTimeMillis(), FinishStatus.STOPPED,
                "pruned by the sweep", null));
    }

    private static boolean drawn(Page page, String selector, int minPixels) {
        return (Boolean) page.evaluate("([sel, min]) => { const c = document.querySelector(sel);"
                + " if (!c || c.width < 200 || c.height < 100) return false;"
                + " const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + " let n = 0; for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;"
                + " return n > min; }", List.of(selector, minPixels));
    }
}
