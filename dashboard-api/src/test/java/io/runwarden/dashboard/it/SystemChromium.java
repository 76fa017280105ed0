package io.runwarden.dashboard.it;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Headless Debian Chromium driven by Playwright. Nothing may download a browser here, so Playwright is told not
 * to, and the system browser is launched without the background services that would reach for the network.
 */
final class SystemChromium implements AutoCloseable {

    private final Playwright playwright;
    private final Browser browser;

    SystemChromium() {
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get("/usr/bin/chromium"))
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync")));
    }

    /** A new page of the given viewport, waiting at most {@code timeoutMs} for anything it is asked to. */
    Page newPage(int width, int height, double timeoutMs) {
        Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(width, height));
        page.setDefaultTimeout(timeoutMs);
        return page;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
