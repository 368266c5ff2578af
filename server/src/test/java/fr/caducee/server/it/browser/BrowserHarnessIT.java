package fr.caducee.server.it.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.imageio.ImageIO;

import com.sun.net.httpserver.HttpExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

import fr.caducee.server.it.browser.HarnessSite.Reply;
import fr.caducee.testkit.Totp;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;

/**
 * The browser harness proves itself on pages of its own, served over HTTPS from loopback: each check is shown to pass
 * on a page that deserves it and to fail on one that does not, so that a webmail test passing means something.
 */
class BrowserHarnessIT {
    /** What the webmail sends: nothing but its own images and style sheet. */
    private static final String STRICT_POLICY = "default-src 'none'; img-src 'self'; style-src 'self'";
    private static final byte[] PDF = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    private static final String SECRET = "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ";
    private static final String ENROLMENT = "otpauth://totp/Caduc%C3%A9e:146026322000196%40patient.caducee.localhost"
        + "?secret=" + SECRET.replace(" ", "") + "&issuer=Caduc%C3%A9e";

    private static final IssuedCertificate certificate;
    private static final RemoteContentTrap trap;
    private static final HarnessSite site;
    private static final HarnessSite impostor;

    static {
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.createRoot("Caducée browser harness test CA",
            now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
        certificate = ca.issue(LeafRequest.builder("localhost").dnsName("localhost").serverAuth(true).build());
        CertificateAuthority otherCa = CertificateAuthority.createRoot("Another CA",
            now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
        IssuedCertificate otherCertificate = otherCa.issue(
            LeafRequest.builder("localhost").dnsName("localhost").serverAuth(true).build());
        trap = RemoteContentTrap.start();
        site = HarnessSite.start(certificate, pages());
        impostor = HarnessSite.start(otherCertificate, pages());
    }

    @RegisterExtension
    static final BrowserExtension browsers = new BrowserExtension(builder -> builder
        .baseUrl(site.baseUrl()).trusting(certificate.certificate()).userAgent("CaduceeHarness/1.0"));

    private static Browser browser;

    @BeforeAll
    static void start() {
        browser = browsers.browser();
        System.out.println("BrowserHarnessIT: Chromium started in " + browser.startTime().toMillis() + " ms");
    }

    @AfterAll
    static void stop() {
        site.close();
        impostor.close();
        trap.close();
    }

    @Test
    void axeShouldFindNoViolationOnAnAccessiblePageUnderAStrictPolicy() {
        browser.open("/accessible");

        List<Long> millis = new ArrayList<>();
        for (int run = 0; run < 5; run++) {
            Instant start = Instant.now();
            assertThat(Accessibility.violations(browser)).isEmpty();
            millis.add(Duration.between(start, Instant.now()).toMillis());
        }
        Collections.sort(millis);
        System.out.println("BrowserHarnessIT: axe-core on /accessible in " + millis + " ms (median "
            + millis.get(2) + ")");
        Accessibility.assertNoViolations(browser, "the accessible page");
    }

    @Test
    void axeShouldReportTheViolationsOfAnInaccessiblePage() {
        browser.open("/inaccessible");

        assertThat(Accessibility.violations(browser)).extracting(Accessibility.Violation::rule)
            .contains("html-has-lang", "image-alt", "label", "color-contrast");
        assertThatThrownBy(() -> Accessibility.assertNoViolations(browser, "the inaccessible page"))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("violation(s) on the inaccessible page")
            .hasMessageContaining("image-alt (critical)")
            .hasMessageContaining("at img")
            .hasMessageContaining("https://dequeuniversity.com/rules/axe/");
    }

    @Test
    void theTrapShouldCountWhatAPageWithoutPolicyLoads() {
        trap.reset();

        browser.open("/hostile-open");

        assertThat(trap.requests()).contains("GET /tracker.png", "GET /style.css", "GET /frame.html");
        assertThatThrownBy(() -> trap.assertUntouched("the open page")).isInstanceOf(AssertionError.class);
    }

    @Test
    void theTrapShouldStayUntouchedWhenThePolicyBlocksRemoteContent() {
        trap.reset();

        browser.open("/hostile");
        browser.open("/accessible");

        trap.assertUntouched("the hostile page under a strict policy");
    }

    @Test
    void anAccessiblePageShouldBeUsableAt360Pixels() {
        browser.open("/accessible");

        Layout360.assertUsableAt360(browser, "the accessible page");
        assertThat(browser.viewport()).isEqualTo(Browser.DESKTOP);
    }

    @Test
    void aPageOfAThousandPixelsShouldFailAt360Pixels() {
        browser.open("/wide");

        assertThatThrownBy(() -> Layout360.assertUsableAt360(browser, "the wide page"))
            .hasMessageContaining("scrolls sideways: 1008 px of content in 360 px")
            .hasMessageContaining("div#table \"Colonnes\" ends at 1008 px");
    }

    @Test
    void aCaptionSqueezedIntoOneLetterPerLineShouldFailAt360Pixels() {
        browser.open("/squeezed");

        assertThatThrownBy(() -> Layout360.assertUsableAt360(browser, "the squeezed page"))
            .hasMessageContaining("caption \"Documents du dossier, du plus récent au \" is squeezed into ")
            .hasMessageNotContaining("scrolls sideways");
    }

    @Test
    void smallControlsShouldFailAt360PixelsButNotALinkInASentence() {
        browser.open("/inaccessible");

        assertThatThrownBy(() -> Layout360.assertUsableAt360(browser, "the inaccessible page"))
            .hasMessageContaining("a#tiny \"x\" is")
            .hasMessageNotContaining("dans la phrase");
    }

    @Test
    void tabShouldReachTheButtonWithTheFocusVisibleAndEnterShouldSend() {
        browser.open("/accessible");

        int presses = Keyboard.tabTo(browser, By.id("message"), 10);
        Keyboard.assertFocusVisible(browser);
        Keyboard.type(browser, "Merci docteur");
        assertThat(Keyboard.tabTo(browser, By.id("send"), 3)).isEqualTo(1);
        Keyboard.assertFocusVisible(browser);
        Keyboard.enter(browser);

        assertThat(presses).isEqualTo(4);
        assertThat(browser.path()).isEqualTo("/received?message=Merci+docteur&piece=");
        assertThat(browser.text()).contains("Reçu : Merci docteur");
    }

    @Test
    void aFormShouldBeFilledAndSentLikeAPersonWould() throws Exception {
        Path prescription = Files.write(browser.downloads().resolveSibling("ordonnance.pdf"), PDF);

        browser.open("/accessible").fill("message", "Bonjour").attach("piece", prescription);
        String chosen = browser.find(By.name("piece")).getDomProperty("value");
        browser.press("Envoyer");

        assertThat(chosen).endsWith("ordonnance.pdf");
        assertThat(browser.status()).hasValue(200);
        assertThat(browser.path()).isEqualTo("/received?message=Bonjour&piece=ordonnance.pdf");
    }

    @Test
    void aFocusWithoutOutlineShouldBeSeen() {
        browser.open("/inaccessible");

        Keyboard.tabTo(browser, By.id("tiny"), 5);

        assertThatThrownBy(() -> Keyboard.assertFocusVisible(browser)).hasMessageContaining("outline none");
    }

    @Test
    void tabShouldGiveUpAfterItsBound() {
        browser.open("/accessible");

        assertThatThrownBy(() -> Keyboard.tabTo(browser, By.id("logo"), 4))
            .hasMessageContaining("not reached in 4 presses of Tab")
            .hasMessageContaining("a[href=/accessible] \"Accueil\"");
    }

    @Test
    void theStatusShouldBeThatOfTheLastPageAfterRedirects() {
        assertThat(browser.open("/moved").status()).hasValue(200);
        assertThat(browser.path()).isEqualTo("/accessible");
        assertThat(browser.open("/missing").status()).hasValue(404);
        assertThat(browser.status()).hasValue(404);
        assertThat(browser.text()).contains("Page introuvable");
    }

    @Test
    void aServerPresentingAnotherCertificateShouldBeRefused() {
        browser.open(impostor.baseUrl() + "/accessible");

        assertThat(browser.status()).isEmpty();
        assertThat(browser.source()).contains("ERR_CERT_AUTHORITY_INVALID").doesNotContain("Répondre au cabinet");
    }

    @Test
    void theUserAgentShouldBeTheOneSetAndChangeable() {
        browser.open("/whoami");
        assertThat(browser.text()).contains("Agent : CaduceeHarness/1.0");

        browser.userAgent("Autre navigateur/2.0");
        try {
            browser.open("/whoami");
            assertThat(browser.text()).contains("Agent : Autre navigateur/2.0");
            assertThat(browser.userAgent()).isEqualTo("Autre navigateur/2.0");
        } finally {
            browser.userAgent("CaduceeHarness/1.0");
        }
    }

    @Test
    void aCookieTakenFromOneBrowserShouldBePresentedByAnother() {
        browser.open("/login");
        Cookie session = browser.cookie("session").orElseThrow();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.isSecure()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");

        try (Browser thief = Browser.builder().name("BrowserHarnessIT-thief").baseUrl(site.baseUrl())
                .trusting(certificate.certificate()).userAgent("Voleur/6.6").viewport(Browser.PHONE).start()) {
            System.out.println("BrowserHarnessIT: a second Chromium started in " + thief.startTime().toMillis() + " ms");
            thief.open("/whoami").addCookie(session).open("/whoami");

            assertThat(thief.text()).contains("Agent : Voleur/6.6").contains("Cookie : session=" + session.getValue());
        }
    }

    @Test
    void aDownloadShouldLandInTheBrowsersFolder() throws Exception {
        browser.open("/accessible").follow("Télécharger l'ordonnance");

        Path file = browser.awaitDownload("ordonnance.pdf", Duration.ofSeconds(10));

        assertThat(Files.readAllBytes(file)).isEqualTo(PDF);
    }

    @Test
    void theQrCodeOfAnEnrolmentPageShouldBeReadAsAPhoneWould() {
        browser.open("/enrolment");
        Accessibility.assertNoViolations(browser, "the enrolment page");

        String uri = QrCodes.read(browser.find(By.tagName("svg")));

        assertThat(uri).isEqualTo(ENROLMENT);
        Instant now = Instant.now();
        assertThat(Totp.fromOtpauthUri(uri).code(now))
            .isEqualTo(Totp.fromBase32(browser.find(By.id("secret")).getText()).code(now));
    }

    @Test
    void aFailedTestShouldLeaveThePictureAndTheMarkupOfThePage() throws Exception {
        browser.open("/missing");

        Path picture = browsers.keepEvidence("BrowserHarnessIT-evidence");

        assertThat(picture).hasFileName("BrowserHarnessIT-evidence.png").isNotEmptyFile();
        assertThat(picture.resolveSibling("BrowserHarnessIT-evidence.html")).content()
            .startsWith("<!-- " + site.baseUrl() + "/missing -->").contains("Page introuvable");
    }

    @Test
    void screenshotsShouldBeWrittenAsPngs() throws Exception {
        browser.open("/accessible");

        // The harness's own pages are no documentation: kept out of docs/ even in a run that refreshes it.
        String documentation = System.clearProperty(Screenshots.PROPERTY);
        Path viewport;
        Path page;
        try {
            viewport = Screenshots.viewport(browser, "harness-accessible");
            browser.viewport(Browser.PHONE);
            page = Screenshots.fullPage(browser, "harness-accessible-phone");
        } finally {
            browser.viewport(Browser.DESKTOP);
            if (documentation != null) {
                System.setProperty(Screenshots.PROPERTY, documentation);
            }
        }

        BufferedImage desktop = ImageIO.read(viewport.toFile());
        BufferedImage phone = ImageIO.read(page.toFile());
        assertThat(viewport).isEqualTo(Path.of("").toAbsolutePath().resolve("target/screenshots/harness-accessible.png"));
        assertThat(desktop.getWidth()).isEqualTo(Browser.DESKTOP.getWidth());
        assertThat(phone.getWidth()).isEqualTo(Browser.PHONE.getWidth());
        assertThat(phone.getHeight()).isGreaterThanOrEqualTo(Browser.PHONE.getHeight());
        assertThat(desktop.getHeight()).isEqualTo(Browser.DESKTOP.getHeight());
    }

    private static Map<String, Function<HttpExchange, Reply>> pages() {
        Map<String, Function<HttpExchange, Reply>> pages = new LinkedHashMap<>();
        pages.put("/accessible", exchange -> Reply.html(HarnessPages.accessible(), Map.of(
            "Content-Security-Policy", STRICT_POLICY)));
        pages.put("/hostile", exchange -> Reply.html(HarnessPages.hostile(trap), Map.of(
            "Content-Security-Policy", STRICT_POLICY)));
        pages.put("/hostile-open", exchange -> Reply.html(HarnessPages.hostile(trap), Map.of()));
        pages.put("/inaccessible", exchange -> Reply.html(HarnessPages.inaccessible(), Map.of()));
        pages.put("/wide", exchange -> Reply.html(HarnessPages.wide(), Map.of()));
        pages.put("/squeezed", exchange -> Reply.html(HarnessPages.squeezed(), Map.of()));
        pages.put("/received", exchange -> Reply.html(HarnessPages.received(message(exchange)),
            Map.of("Content-Security-Policy", STRICT_POLICY)));
        pages.put("/whoami", exchange -> Reply.html(HarnessPages.whoami(
            exchange.getRequestHeaders().getFirst("User-Agent"), exchange.getRequestHeaders().getFirst("Cookie")),
            Map.of()));
        pages.put("/login", exchange -> Reply.html(HarnessPages.received("connecté"), Map.of(
            "Set-Cookie", "session=s3ss10n; Path=/; Secure; HttpOnly; SameSite=Strict")));
        pages.put("/enrolment", exchange -> Reply.html(HarnessPages.enrolment(ENROLMENT, SECRET),
            Map.of("Content-Security-Policy", STRICT_POLICY)));
        pages.put("/moved", exchange -> new Reply(303, Map.of("Location", "/accessible"), new byte[0]));
        pages.put("/missing", exchange -> Reply.html(HarnessPages.missing(), Map.of()).withStatus(404));
        pages.put("/site.css", exchange -> new Reply(200, Map.of("Content-Type", "text/css"),
            HarnessPages.STYLE.getBytes(StandardCharsets.UTF_8)));
        pages.put("/logo.png", exchange -> new Reply(200, Map.of("Content-Type", "image/png"), HarnessPages.LOGO));
        pages.put("/ordonnance", exchange -> new Reply(200, Map.of("Content-Type", "application/pdf",
            "Content-Disposition", "attachment; filename=\"ordonnance.pdf\""), PDF));
        return pages;
    }

    /** The {@code message} field of a form sent with GET. */
    private static String message(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        return query == null || !query.startsWith("message=") ? ""
            : URLDecoder.decode(query.substring("message=".length()), StandardCharsets.UTF_8);
    }
}
