package fr.caducee.server.it.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumDriverLogLevel;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.logging.LogEntries;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import fr.caducee.testkit.CaduceeProcess;

/**
 * Debian's Chromium, headless, driven by Selenium through Debian's chromedriver: the browser a patient would use,
 * speaking real HTTPS to the server. Start one per test class (a start takes seconds):
 * <pre>
 * browser = Browser.builder().baseUrl(webmailUrl)
 *     .trustingKeystore(pki.resolve("server.p12"), pki.resolve("keystore-secret")).start();
 * browser.open("/connexion");
 * </pre>
 * <p>The server's certificate is pinned by its key (Chromium's {@code --ignore-certificate-errors-spki-list}): a page
 * is loaded only from a server presenting one of the certificates given to the builder, so a listener serving the
 * wrong certificate fails the test, where {@code --ignore-certificate-errors} would accept anything. The pin does
 * not check names or dates (the listener's own tests do).
 * <p>Both programs are named explicitly, so Selenium never looks for a browser to download.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Viewports, in CSS px: a laptop's and a common phone's. */
    public static final Dimension DESKTOP = new Dimension(1280, 900);
    public static final Dimension PHONE = new Dimension(360, 740);

    private static final Duration PAGE_LOAD_TIMEOUT = Duration.ofSeconds(30);
    private static final Json JSON = new Json();

    private final ChromeDriver driver;
    private final Path folder;
    private final Path downloads;
    private final String baseUrl;
    private final Duration startTime;
    private OptionalInt status = OptionalInt.empty();

    private Browser(ChromeDriver driver, Path folder, Path downloads, String baseUrl, Duration startTime) {
        this.driver = driver;
        this.folder = folder;
        this.downloads = downloads;
        this.baseUrl = baseUrl;
        this.startTime = startTime;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Goes to {@code pathOrUrl} ({@code /conversations} is taken relative to the base URL) and waits for the page to
     * load.
     */
    public Browser open(String pathOrUrl) {
        readNetworkEvents();
        driver.get(pathOrUrl.startsWith("/") ? baseUrl + pathOrUrl : pathOrUrl);
        return this;
    }

    /**
     * The HTTP status of the last page the tab navigated to (after redirects: a 303 then a 200 reads 200), read from
     * Chromium's network events; empty when no response came (a refused certificate, a closed port).
     */
    public OptionalInt status() {
        readNetworkEvents();
        return status;
    }

    /** Reads the events chromedriver holds (it hands them out in batches, and forgets them once read). */
    private void readNetworkEvents() {
        for (LogEntries batch = performanceLog(); batch.iterator().hasNext(); batch = performanceLog()) {
            for (LogEntry entry : batch) {
                Map<String, Object> event = JSON.toType(entry.getMessage(), Json.MAP_TYPE);
                @SuppressWarnings("unchecked")
                Map<String, Object> message = (Map<String, Object>) event.get("message");
                @SuppressWarnings("unchecked")
                Map<String, Object> params = (Map<String, Object>) message.get("params");
                // The top frame's id is the tab's own id, which chromedriver gives as "webview": iframes are left out.
                if (params == null || !"Document".equals(params.get("type"))
                        || !event.get("webview").equals(params.get("frameId"))) {
                    continue;
                }
                if ("Network.requestWillBeSent".equals(message.get("method")) && params.get("redirectResponse") == null) {
                    status = OptionalInt.empty();
                } else if ("Network.responseReceived".equals(message.get("method"))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> response = (Map<String, Object>) params.get("response");
                    status = OptionalInt.of(((Number) response.get("status")).intValue());
                }
            }
        }
    }

    private LogEntries performanceLog() {
        return driver.manage().logs().get(LogType.PERFORMANCE);
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    /** The path and query of the current URL, as the routes are written: {@code /conversations?page=2}. */
    public String path() {
        String url = url();
        return url.startsWith(baseUrl) ? url.substring(baseUrl.length()) : url;
    }

    public String title() {
        return driver.getTitle();
    }

    /** The page's markup as the browser holds it now. */
    public String source() {
        return driver.getPageSource();
    }

    /** The text a person sees on the page. */
    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public WebElement find(By by) {
        return driver.findElement(by);
    }

    public List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    /** Types {@code value} into the form field named {@code name}, replacing what it held. */
    public Browser fill(String name, String value) {
        WebElement field = driver.findElement(By.name(name));
        field.clear();
        field.sendKeys(value);
        return this;
    }

    /** Chooses {@code file} in the file field named {@code name} (once per file for a multiple field). */
    public Browser attach(String name, Path file) {
        driver.findElement(By.name(name)).sendKeys(file.toAbsolutePath().toString());
        return this;
    }

    /** Clicks the button (or submit input) whose visible text is {@code label}, and waits for the next page. */
    public Browser press(String label) {
        String quoted = xpathLiteral(label);
        clickToNextPage(driver.findElement(By.xpath("//button[normalize-space()=" + quoted + "]"
            + " | //input[(@type='submit' or @type='button') and @value=" + quoted + "]")));
        return this;
    }

    /**
     * Follows the link whose visible text is {@code text}. A link may download a file and leave the page as it is:
     * {@link #followToNextPage(String)} waits for the next page.
     */
    public Browser follow(String text) {
        driver.findElement(By.linkText(text)).click();
        return this;
    }

    /** Follows the link whose visible text is {@code text}, and waits for the next page. */
    public Browser followToNextPage(String text) {
        clickToNextPage(driver.findElement(By.linkText(text)));
        return this;
    }

    /**
     * Clicks, then waits until the page shown before is gone. chromedriver's click may return before a form's POST
     * and its redirect have committed the next page: reading the URL then gives the old page's, and the markup the
     * new one's.
     */
    private void clickToNextPage(WebElement element) {
        WebElement before = driver.findElement(By.tagName("html"));
        element.click();
        new WebDriverWait(driver, PAGE_LOAD_TIMEOUT).until(ignored -> gone(before));
    }

    /**
     * The element's page was replaced. Asked in the middle of a navigation, chromedriver may answer that the node
     * "does not belong to the document" rather than that it is stale: gone too.
     */
    private static boolean gone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /**
     * Gives the page a viewport of {@code size} CSS px (the window is made larger by what headless Chromium keeps
     * for its own frame); the page lays itself out again at once.
     */
    public Browser viewport(Dimension size) {
        Dimension frame = frame();
        driver.manage().window().setSize(new Dimension(size.getWidth() + frame.getWidth(),
            size.getHeight() + frame.getHeight()));
        Dimension reached = viewport();
        if (!reached.equals(size)) {
            throw new IllegalStateException("asked Chromium for a viewport of " + size + ", got " + reached);
        }
        return this;
    }

    /** The viewport's size in CSS px: {@code window.innerWidth} by {@code window.innerHeight}. */
    public Dimension viewport() {
        List<?> size = (List<?>) script("return [window.innerWidth, window.innerHeight]");
        return new Dimension(((Number) size.get(0)).intValue(), ((Number) size.get(1)).intValue());
    }

    /** What the window has beyond the viewport (window.outerWidth is no help: it never reads below 500). */
    private Dimension frame() {
        Dimension window = driver.manage().window().getSize();
        Dimension viewport = viewport();
        return new Dimension(window.getWidth() - viewport.getWidth(), window.getHeight() - viewport.getHeight());
    }

    /** From the next request on, presents {@code userAgent} (a test showing a stolen cookie from another browser). */
    public Browser userAgent(String userAgent) {
        driver.executeCdpCommand("Emulation.setUserAgentOverride", Map.of("userAgent", userAgent));
        return this;
    }

    public String userAgent() {
        return (String) script("return navigator.userAgent");
    }

    /** The cookies the browser holds for the current page's site, HttpOnly ones included. */
    public Set<Cookie> cookies() {
        return driver.manage().getCookies();
    }

    public Optional<Cookie> cookie(String name) {
        return Optional.ofNullable(driver.manage().getCookieNamed(name));
    }

    /** Sets a cookie for the current page's site (open a page of the site first). */
    public Browser addCookie(Cookie cookie) {
        driver.manage().addCookie(cookie);
        return this;
    }

    public Browser deleteCookies() {
        driver.manage().deleteAllCookies();
        return this;
    }

    /**
     * Runs JavaScript in the page through the driver (not subject to the page's Content-Security-Policy, which still
     * stops the page's own scripts): for the checks of this package, never to act in place of the patient.
     */
    public Object script(String javaScript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javaScript, arguments);
    }

    /** The folder downloads land in, empty at start. */
    public Path downloads() {
        return downloads;
    }

    /** Waits until a download named {@code fileName} is complete in {@link #downloads()}. */
    public Path awaitDownload(String fileName, Duration timeout) {
        Path file = downloads.resolve(fileName);
        Instant deadline = Instant.now().plus(timeout);
        while (!(Files.isRegularFile(file) && !Files.exists(downloads.resolve(fileName + ".crdownload")))) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no download " + fileName + " within " + timeout + "; the folder holds "
                    + list(downloads));
            }
            pause(Duration.ofMillis(100));
        }
        return file;
    }

    /** For everything else Selenium does. */
    public ChromeDriver driver() {
        return driver;
    }

    /** How long Chromium took to start, the driver's session included. */
    public Duration startTime() {
        return startTime;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            delete(folder);
        }
    }

    /** SPKI SHA-256 in base64: the form {@code --ignore-certificate-errors-spki-list} takes. */
    static String spkiHash(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String xpathLiteral(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        return "concat('" + text.replace("'", "', \"'\", '") + "')";
    }

    private static List<String> list(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the browser trusts, presents and looks like; {@link #start()} launches it. */
    public static final class Builder {
        private final List<X509Certificate> trusted = new ArrayList<>();
        private String baseUrl = "";
        private String userAgent;
        private Dimension viewport = DESKTOP;
        private String name = "browser";

        private Builder() {
        }

        /** Where {@link Browser#open(String)} resolves paths such as {@code /connexion}: {@code https://localhost:8443}. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
            return this;
        }

        /** Accepts servers presenting one of these certificates (their keys are pinned). */
        public Builder trusting(X509Certificate... certificates) {
            Collections.addAll(trusted, certificates);
            return this;
        }

        /**
         * Accepts servers presenting the certificate of any key entry of a PKCS12 keystore whose password is in
         * {@code secretFile}: the server's {@code pki/server.p12} and {@code pki/keystore-secret}.
         */
        public Builder trustingKeystore(Path keystore, Path secretFile) {
            try (InputStream in = Files.newInputStream(keystore)) {
                char[] secret = Files.readString(secretFile).trim().toCharArray();
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(in, secret);
                for (String alias : Collections.list(keys.aliases())) {
                    Certificate certificate = keys.getCertificate(alias);
                    if (keys.isKeyEntry(alias) && certificate instanceof X509Certificate x509) {
                        trusted.add(x509);
                    }
                }
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot read the certificates of " + keystore + ": " + e.getMessage(), e);
            }
            return this;
        }

        /** The User-Agent header and {@code navigator.userAgent}; Chromium's own when not set. */
        public Builder userAgent(String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        /** The viewport at start, in CSS px: {@link #DESKTOP} unless set. */
        public Builder viewport(Dimension viewport) {
            this.viewport = viewport;
            return this;
        }

        /** Names the profile folder and chromedriver's log under server/target/browser/, usually the test class. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Browser start() {
            if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
                throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver ("
                    + CHROMIUM + ", " + CHROMEDRIVER + "): run scripts/install-test-dependencies");
            }
            Path root = CaduceeProcess.repositoryRoot().resolve("server/target/browser");
            try {
                Files.createDirectories(root);
                Path folder = Files.createTempDirectory(root, name + "-");
                Path downloads = Files.createDirectory(folder.resolve("downloads"));
                Instant start = Instant.now();
                ChromeDriver driver = new ChromeDriver(service(root.resolve(name + "-chromedriver.log")),
                    options(folder.resolve("profile"), downloads));
                driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD_TIMEOUT).scriptTimeout(PAGE_LOAD_TIMEOUT);
                Browser browser = new Browser(driver, folder, downloads, baseUrl, Duration.between(start, Instant.now()));
                return browser.viewport(viewport);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static ChromeDriverService service(Path log) {
            // Warnings only: at INFO, chromedriver logs every script it runs, axe-core's 550 kB each time.
            return new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(log.toFile())
                .withLogLevel(ChromiumDriverLogLevel.WARNING)
                .withReadableTimestamp(true)
                .build();
        }

        private ChromeOptions options(Path profile, Path downloads) {
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--no-default-browser-check", "--no-proxy-server", "--lang=fr-FR",
                // chromedriver speaks to Chromium over a pipe: no DevTools port open on loopback for other processes.
                "--remote-debugging-pipe",
                "--user-data-dir=" + profile,
                "--window-size=" + viewport.getWidth() + "," + viewport.getHeight());
            if (!trusted.isEmpty()) {
                options.addArguments("--ignore-certificate-errors-spki-list="
                    + String.join(",", trusted.stream().map(Browser::spkiHash).distinct().toList()));
            }
            if (userAgent != null) {
                options.addArguments("--user-agent=" + userAgent);
            }
            options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false,
                "intl.accept_languages", "fr-FR,fr"));
            // Network events (and no others), from which status() reads the HTTP status of each page.
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.PERFORMANCE, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            options.setExperimentalOption("perfLoggingPrefs", Map.of("enableNetwork", true, "enablePage", false));
            return options;
        }
    }
}
