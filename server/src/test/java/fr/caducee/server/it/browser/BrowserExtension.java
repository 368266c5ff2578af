package fr.caducee.server.it.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.OutputType;

import fr.caducee.testkit.CaduceeProcess;

/**
 * One browser for a test class, started after the extensions registered before it (the server), closed after the
 * class; when a test fails, what the browser showed is kept under {@code server/target/browser/failures/}:
 * <pre>
 * &#64;RegisterExtension
 * static final CaduceeServerExtension caducee = new CaduceeServerExtension();
 * &#64;RegisterExtension
 * static final BrowserExtension browser = new BrowserExtension(builder -> builder
 *     .baseUrl("https://localhost:" + port).trustingKeystore(pki.resolve("server.p12"), pki.resolve("keystore-secret")));
 * </pre>
 */
public final class BrowserExtension implements BeforeAllCallback, AfterAllCallback, TestWatcher {
    private final UnaryOperator<Browser.Builder> settings;
    private Browser browser;

    /** @param settings completes the builder once the extensions before this one have started */
    public BrowserExtension(UnaryOperator<Browser.Builder> settings) {
        this.settings = settings;
    }

    public Browser browser() {
        if (browser == null) {
            throw new IllegalStateException("the browser starts before the class's tests, not in static initialisers");
        }
        return browser;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        browser = settings.apply(Browser.builder().name(context.getRequiredTestClass().getSimpleName())).start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (browser != null) {
            keepEvidence(context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName());
        }
    }

    /**
     * Writes {@code <name>.png} (what the window shows) and {@code <name>.html} (the address, then the page's markup)
     * under server/target/browser/failures/; returns the picture.
     */
    public Path keepEvidence(String name) {
        Path folder = CaduceeProcess.repositoryRoot().resolve("server/target/browser/failures");
        String file = name.replaceAll("[^A-Za-z0-9_-]", "_");
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(file + ".html"),
                "<!-- " + browser.url().replace("--", "%2D%2D") + " -->\n" + browser.source(), StandardCharsets.UTF_8);
            return Files.write(folder.resolve(file + ".png"), browser.driver().getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
