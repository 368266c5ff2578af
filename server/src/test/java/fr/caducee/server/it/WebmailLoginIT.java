package fr.caducee.server.it;

import static fr.caducee.server.it.WebmailPatient.assertRefusal;
import static fr.caducee.server.it.WebmailPatient.assertUsable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

import fr.caducee.server.it.browser.Browser;
import fr.caducee.server.it.browser.BrowserExtension;
import fr.caducee.server.it.browser.QrCodes;
import fr.caducee.server.it.browser.RemoteContentTrap;
import fr.caducee.server.it.browser.Screenshots;
import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.TestClients;
import fr.caducee.testkit.Totp;
import fr.caducee.trust.pki.DevPki;

/**
 * The webmail's login in a real browser against the packaged server: a patient registered over WebAdmin logs in for
 * the first time and enrols an authenticator app (the QR code read back holds the secret shown in text), sees the
 * recovery codes once, logs out and in again with a code of the app; a code used twice, a recovery code used twice,
 * a session cookie carried to another browser, a form posted from another site are refused with a page a person
 * understands; the password is changed; wrong passwords lock the address for a while. Each page passes axe-core
 * (WCAG 2.1 AA) and the 360 px checks.
 * <p>The steps build on one another (one patient, one browser), hence their order. The lockout is shortened
 * (3 attempts, 8 s) so that its end is seen within the test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebmailLoginIT {
    static final String DOMAIN = "caducee.localhost";
    static final String PASSWORD = "une phrase de passe pour le webmail";
    static final String NEW_PASSWORD = "trois pommes vertes sur la table de Lyon";
    static final Duration LOCK = Duration.ofSeconds(8);

    // Registered in this order: the browser needs the server's port and certificate.
    @RegisterExtension
    @Order(1)
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withProperty("caducee.webmail.lockout.attempts", "3")
        .withProperty("caducee.webmail.lockout.first", String.valueOf(LOCK.toSeconds()));

    @RegisterExtension
    @Order(2)
    static final BrowserExtension browsers = new BrowserExtension(WebmailLoginIT::browserFor);

    private static Browser browser;
    private static WebmailPatient patient;
    private static WebmailPatient locked;
    private static RemoteContentTrap otherSite;

    @BeforeAll
    static void patients() throws Exception {
        browser = browsers.browser();
        patient = WebmailPatient.register(caducee.server(), "271046912345877", "Hélène", "Roux", DOMAIN, PASSWORD);
        locked = WebmailPatient.register(caducee.server(), "188019212345979", "Marcel", "Blanc", DOMAIN, PASSWORD);
        otherSite = RemoteContentTrap.start();
    }

    @AfterAll
    static void closeOtherSite() {
        otherSite.close();
    }

    static Browser.Builder browserFor(Browser.Builder builder) {
        return builder.baseUrl(webmail())
            .trustingKeystore(caducee.server().pkiDir().resolve(DevPki.SERVER_KEYSTORE_FILE),
                caducee.server().pkiDir().resolve(DevPki.SECRET_FILE));
    }

    static String webmail() {
        return "https://localhost:" + caducee.server().ports().webmail();
    }

    @Test
    @Order(1)
    void theFirstLoginEnrolsAnAppWhoseQrCodeHoldsTheSecretShownAndShowsTheRecoveryCodesOnce() {
        browser.open("/conversations");
        assertThat(browser.path()).as("no page of the box before a login").isEqualTo("/connexion");
        assertThat(browser.find(By.cssSelector("label[for=adresse]")).getText())
            .isEqualTo("Adresse de messagerie santé");
        assertUsable(browser, "the login page");
        Screenshots.viewport(browser, "webmail-connexion");
        phoneScreenshot("webmail-connexion-mobile");

        patient.typePassword(browser, PASSWORD);
        assertThat(browser.path()).isEqualTo("/connexion/enrolement");
        assertThat(browser.text()).contains("Caducée – Hélène R.").doesNotContain("271046912345877");
        assertUsable(browser, "the enrolment page");
        Screenshots.fullPage(browser, "webmail-enrolement");
        phoneScreenshot("webmail-enrolement-mobile");

        String uri = QrCodes.read(browser.find(By.cssSelector(".qr svg")));
        String shown = browser.find(By.cssSelector("code.secret")).getText();
        assertThat(uri).startsWith("otpauth://totp/").contains("secret=" + shown.replace(" ", ""))
            .doesNotContain("271046912345877");
        Instant now = Instant.now();
        assertThat(Totp.fromOtpauthUri(uri).code(now)).isEqualTo(Totp.fromBase32(shown).code(now));

        assertThat(patient.enrolWithSecretShown(browser)).isEqualTo(shown);
        patient.noteRecoveryCodes(browser);
        assertThat(patient.recoveryCodes()).hasSize(10).allMatch(code -> code.matches("[A-Z0-9]{5}-[A-Z0-9]{5}"))
            .doesNotHaveDuplicates();
        assertUsable(browser, "the recovery codes page");

        browser.followToNextPage("J'ai noté mes codes, continuer");
        assertThat(browser.path()).isEqualTo("/conversations");
        browser.open("/connexion/codes-de-secours");
        assertThat(browser.path()).as("the codes are shown once").isEqualTo("/conversations");
        assertThat(browser.source()).doesNotContain(patient.recoveryCodes().get(0));
    }

    @Test
    @Order(2)
    void logoutEndsTheSession() {
        Cookie session = browser.cookie("__Host-webmail").orElseThrow();
        assertThat(session.isSecure()).isTrue();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");

        patient.logOut(browser);
        assertThat(browser.text()).contains("Vous êtes déconnecté.");

        // The login page's cookie is no session: the box answers that the session ended.
        browser.open("/conversations");
        assertRefusal(browser, 401, "webmail-session-expired");
        assertThat(browser.text()).doesNotContain("Boîte de", "Hélène");
    }

    @Test
    @Order(3)
    void theNextLoginAsksForACodeOfTheApp() {
        patient.typePassword(browser, PASSWORD);
        assertThat(browser.path()).isEqualTo("/connexion/code");
        assertUsable(browser, "the code page");

        patient.typeCode(browser, patient.nextCode());
        assertThat(browser.path()).isEqualTo("/conversations");
        assertThat(browser.text()).contains("Boîte de Hélène Roux");
        patient.logOut(browser);
    }

    @Test
    @Order(4)
    void aCodeAlreadyUsedIsRefused() {
        patient.typePassword(browser, PASSWORD);
        patient.typeCode(browser, patient.lastCode());

        assertRefusal(browser, 401, "webmail-second-factor-failed");
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Connexion refusée");
        assertThat(browser.text()).contains("il a déjà servi");
        assertUsable(browser, "the refused code page");
        browser.open("/conversations");
        assertThat(browser.path()).as("no box opened").isEqualTo("/connexion/code");
    }

    @Test
    @Order(5)
    void aRecoveryCodeOpensOneLoginOnly() throws Exception {
        String recovery = patient.nextRecoveryCode();
        patient.typeCode(browser, recovery);
        assertThat(browser.path()).isEqualTo("/conversations");
        patient.logOut(browser);

        patient.typePassword(browser, PASSWORD);
        patient.typeCode(browser, recovery);
        assertRefusal(browser, 401, "webmail-second-factor-failed");
        browser.followToNextPage("Saisir un autre code");
        assertThat(browser.path()).isEqualTo("/connexion/code");
        patient.typeCode(browser, patient.nextRecoveryCode());
        assertThat(browser.path()).isEqualTo("/conversations");

        assertThat(trail(patient.address())).contains("webmail-recovery-code-used").contains("9 recovery codes left")
            .contains("8 recovery codes left").contains("webmail-second-factor-failed");
    }

    @Test
    @Order(6)
    void aSessionCookieCarriedToAnotherBrowserEndsTheSessionForBoth() throws Exception {
        Cookie stolen = browser.cookie("__Host-webmail").orElseThrow();
        try (Browser thief = browserFor(Browser.builder().name("WebmailLoginIT-thief"))
                .userAgent("Mozilla/5.0 (X11; Linux x86_64) AutreNavigateur/1.0").start()) {
            thief.open("/connexion");
            thief.addCookie(new Cookie.Builder(stolen.getName(), stolen.getValue()).path("/").isSecure(true)
                .isHttpOnly(true).sameSite("Strict").build());
            thief.open("/conversations");

            assertRefusal(thief, 401, "webmail-session-mismatch");
            assertThat(thief.find(By.tagName("h1")).getText()).isEqualTo("Session fermée par sécurité");
            assertThat(thief.text()).doesNotContain("Hélène");
            assertUsable(thief, "the session mismatch page");
        }

        browser.open("/conversations");
        assertRefusal(browser, 401, "webmail-session-expired");
        assertUsable(browser, "the session expired page");
        assertThat(trail(patient.address())).contains("webmail-session-mismatch");

        browser.followToNextPage("Se reconnecter");
        assertThat(browser.path()).isEqualTo("/connexion");
        patient.logInWithRecoveryCode(browser);
    }

    @Test
    @Order(7)
    void aFormPostedFromAnotherSiteIsRefusedAndChangesNothing() throws Exception {
        browser.open("/reglages");
        assertUsable(browser, "the settings page");
        boolean allowed = browser.find(By.id("urgence-oui")).isSelected();
        String wanted = allowed ? "non" : "oui";
        otherSite.page("cadeau.html", """
            <!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Un cadeau pour vous</title></head>
            <body><form method="post" action="%s/reglages/urgence">
            <input type="hidden" name="csrf" value="jeton-devine"><input type="hidden" name="autoriser" value="%s">
            <button type="submit">Recevoir mon cadeau</button></form></body></html>
            """.formatted(webmail(), wanted));

        browser.open(otherSite.url("cadeau.html"));
        browser.press("Recevoir mon cadeau");
        assertThat(browser.url()).startsWith(webmail() + "/reglages/urgence");
        assertRefusal(browser, 403, "webmail-forged-request");
        assertThat(browser.text()).contains("Rien n'a été modifié");
        assertUsable(browser, "the forged form page");

        // The same forged form from a page of the webmail itself: the browser sends the cookie, the token is wrong.
        browser.open("/reglages");
        browser.script("""
            const form = document.createElement('form');
            form.method = 'post';
            form.action = '/reglages/urgence';
            for (const [name, value] of [['csrf', 'jeton-devine'], ['autoriser', arguments[0]]]) {
              const input = document.createElement('input');
              input.type = 'hidden';
              input.name = name;
              input.value = value;
              form.append(input);
            }
            document.body.append(form);
            form.submit();
            """, wanted);
        WebmailPatient.awaitPath(browser, "/reglages/urgence");
        assertRefusal(browser, 403, "webmail-forged-request");

        browser.open("/reglages");
        assertThat(browser.find(By.id("urgence-oui")).isSelected()).as("emergency access unchanged").isEqualTo(allowed);
        assertThat(trail(patient.address())).contains("webmail-forged-request");
    }

    @Test
    @Order(8)
    void thePatientChangesTheirPasswordAndLogsInWithTheNewOne() throws Exception {
        browser.open("/boites");
        assertThat(browser.text()).contains("seule votre propre boîte peut être ouverte");
        assertUsable(browser, "the boxes page");

        browser.open("/reglages");
        browser.followToNextPage("Changer mon mot de passe");
        assertThat(browser.path()).isEqualTo("/mot-de-passe");
        assertUsable(browser, "the password page");

        browser.fill("actuel", PASSWORD).fill("nouveau", NEW_PASSWORD)
            .fill("confirmation", "trois pommes rouges sur la table de Lyon").press("Changer le mot de passe");
        assertRefusal(browser, 400, "webmail-password-refused");
        assertUsable(browser, "the refused password page");

        browser.open("/mot-de-passe");
        browser.fill("actuel", PASSWORD).fill("nouveau", NEW_PASSWORD).fill("confirmation", NEW_PASSWORD)
            .press("Changer le mot de passe");
        assertThat(browser.path()).isEqualTo("/reglages");
        assertThat(browser.text()).contains("Votre mot de passe a été changé.");
        patient.password(NEW_PASSWORD);
        patient.logOut(browser);

        patient.typePassword(browser, PASSWORD);
        assertRefusal(browser, 401, "webmail-login-failed");
        assertUsable(browser, "the refused login page");
        patient.logInWithRecoveryCode(browser);
        assertThat(trail(patient.address())).contains("webmail-password-changed");
        patient.logOut(browser);
    }

    @Test
    @Order(9)
    void wrongPasswordsLockTheAddressForAWhileEvenForTheRightPassword() throws Exception {
        for (int attempt = 1; attempt <= 3; attempt++) {
            locked.typePassword(browser, "pas le bon mot de passe " + attempt);
            assertRefusal(browser, 401, "webmail-login-failed");
        }
        Instant lockedAt = Instant.now();

        locked.typePassword(browser, "pas le bon mot de passe 4");
        assertRefusal(browser, 429, "webmail-locked-out");
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Connexion bloquée pour un moment");
        assertThat(browser.text()).contains("Réessayez dans");
        assertUsable(browser, "the lockout page");

        locked.typePassword(browser, PASSWORD);
        assertThat(Duration.between(lockedAt, Instant.now())).as("still within the lock").isLessThan(LOCK);
        assertRefusal(browser, 429, "webmail-locked-out");

        await().atMost(LOCK.multipliedBy(3)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            locked.typePassword(browser, PASSWORD);
            return browser.path().equals("/connexion/enrolement");
        });
        assertThat(trail(locked.address())).contains("webmail-locked-out").contains("webmail-login-failed");
    }

    /** The audit trail's records naming this address, as WebAdmin gives them. */
    private static String trail(String address) throws Exception {
        return new TestClients.WebAdmin(caducee.server())
            .get("/audit?box=" + URLEncoder.encode(address, StandardCharsets.UTF_8)).body();
    }

    private static void phoneScreenshot(String name) {
        WebmailPatient.phoneScreenshot(browser, name);
    }
}
