package fr.caducee.server.it.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.openqa.selenium.OutputType;

import fr.caducee.testkit.CaduceeProcess;

/**
 * PNG pictures of pages, written to {@code server/target/screenshots/<name>.png}; also to
 * {@code docs/screenshots/<name>.png} when the tests run with {@code -Dwebmail.screenshots=docs}, so that an ordinary
 * run leaves the tree alone and the documentation's pictures are refreshed on purpose.
 */
public final class Screenshots {
    public static final String PROPERTY = "webmail.screenshots";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private Screenshots() {
    }

    /** What the window shows now. */
    public static Path viewport(Browser browser, String name) {
        return save(browser.driver().getScreenshotAs(OutputType.BYTES), name);
    }

    /** The whole page at the window's width, as tall as its content or the window, whichever is taller. */
    public static Path fullPage(Browser browser, String name) {
        Map<String, Object> metrics = browser.driver().executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
        @SuppressWarnings("unchecked")
        Map<String, Object> viewport = (Map<String, Object>) metrics.get("cssLayoutViewport");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "scale", 1,
            "width", ((Number) content.get("width")).doubleValue(),
            "height", Math.max(((Number) content.get("height")).doubleValue(),
                ((Number) viewport.get("clientHeight")).doubleValue()));
        Map<String, Object> picture = browser.driver().executeCdpCommand("Page.captureScreenshot",
            Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        return save(Base64.getDecoder().decode((String) picture.get("data")), name);
    }

    /** Where the pictures go in this run: target always, docs when asked for. */
    static List<Path> folders() {
        Path root = CaduceeProcess.repositoryRoot();
        Path target = root.resolve("server/target/screenshots");
        return "docs".equals(System.getProperty(PROPERTY))
            ? List.of(target, root.resolve("docs/screenshots"))
            : List.of(target);
    }

    private static Path save(byte[] png, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a screenshot's name is lower case letters, digits and dashes: " + name);
        }
        try {
            Path first = null;
            for (Path folder : folders()) {
                Files.createDirectories(folder);
                Path file = Files.write(folder.resolve(name + ".png"), png);
                first = first == null ? file : first;
            }
            return first;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
