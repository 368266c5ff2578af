package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import fr.caducee.server.it.browser.Accessibility;
import fr.caducee.server.it.browser.Browser;
import fr.caducee.server.it.browser.Layout360;
import fr.caducee.server.it.browser.Screenshots;
import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.TestClients;
import fr.caducee.testkit.Totp;

/**
 * A patient at the webmail's screen, as the browser journeys drive them: their address and password, and once
 * enrolled, the authenticator app on their phone and the recovery codes they wrote down. Every step goes through the
 * pages as a person would (fields, buttons, links).
 */
final class WebmailPatient {
    private final String address;
    private String password;
    private Totp app;
    private final List<String> recoveryCodes = new ArrayList<>();
    private long lastStep = -1;
    private String lastCode;

    WebmailPatient(String address, String password) {
        this.address = address;
        this.password = password;
    }

    /** A patient registered over WebAdmin on {@code domain} ({@code <ins>@patient.<domain>}), with a password. */
    static WebmailPatient register(CaduceeProcess server, String ins, String firstName, String lastName, String domain,
                                   String password) throws Exception {
        TestClients.WebAdmin admin = new TestClients.WebAdmin(server);
        TestClients.WebAdmin.expect(201, admin.put("/directory/patients/" + ins, "{\"lastName\":\"" + lastName
            + "\",\"firstName\":\"" + firstName + "\",\"domain\":\"" + domain + "\"}"));
        TestClients.WebAdmin.expect(204, admin.put("/directory/patients/" + ins + "/password",
            "{\"password\":\"" + password + "\"}"));
        return new WebmailPatient(ins + "@patient." + domain, password);
    }

    String address() {
        return address;
    }

    String password() {
        return password;
    }

    void password(String changed) {
        password = changed;
    }

    List<String> recoveryCodes() {
        return List.copyOf(recoveryCodes);
    }

    /** The login page, then the address and password typed and sent. */
    void typePassword(Browser browser, String typed) {
        browser.open("/connexion");
        browser.fill("adresse", address).fill("motdepasse", typed).press("Se connecter");
    }

    /** A whole login with the app: password, then a code; the browser ends on the conversations. */
    void logIn(Browser browser) {
        typePassword(browser, password);
        assertThat(browser.path()).as(browser.text()).isEqualTo("/connexion/code");
        typeCode(browser, nextCode());
        assertThat(browser.path()).as(browser.text()).isEqualTo("/conversations");
    }

    /**
     * A whole login with the next recovery code not used yet (each opens one login): the browser ends on the
     * conversations. No wait for the app's next step.
     */
    void logInWithRecoveryCode(Browser browser) {
        typePassword(browser, password);
        assertThat(browser.path()).as(browser.text()).isEqualTo("/connexion/code");
        typeCode(browser, nextRecoveryCode());
        assertThat(browser.path()).as(browser.text()).isEqualTo("/conversations");
    }

    /** A recovery code not used yet, now used. */
    String nextRecoveryCode() {
        assertThat(recoveryCodes).as("recovery codes left").isNotEmpty();
        return recoveryCodes.remove(0);
    }

    /** The first login: password, the app enrolled with the secret the page shows, the recovery codes noted. */
    void logInFirstTime(Browser browser) {
        typePassword(browser, password);
        assertThat(browser.path()).as(browser.text()).isEqualTo("/connexion/enrolement");
        enrolWithSecretShown(browser);
        noteRecoveryCodes(browser);
        browser.followToNextPage("J'ai noté mes codes, continuer");
        assertThat(browser.path()).isEqualTo("/conversations");
    }

    /** On the enrolment page: the app takes the secret shown in text, and its first code confirms it. */
    String enrolWithSecretShown(Browser browser) {
        String secret = browser.find(By.cssSelector("code.secret")).getText();
        app = Totp.fromBase32(secret);
        typeCode(browser, nextCode());
        return secret;
    }

    /** On the page that shows the recovery codes once: writes them down. */
    void noteRecoveryCodes(Browser browser) {
        assertThat(browser.path()).as(browser.text()).isEqualTo("/connexion/codes-de-secours");
        recoveryCodes.clear();
        for (WebElement code : browser.findAll(By.cssSelector("ul.codes code"))) {
            recoveryCodes.add(code.getText());
        }
    }

    /** Types a code (of the app, or a recovery code) into the code field and validates. */
    void typeCode(Browser browser, String code) {
        browser.fill("code", code).press("Valider");
    }

    /**
     * The code the app shows for a step later than any already used (the server takes each step once, and the step
     * after the current one too): waits for the clock only when two steps ahead would be needed.
     */
    String nextCode() {
        long step = Math.max(currentStep(), lastStep + 1);
        while (step > currentStep() + 1) {
            pause(Duration.ofMillis(500));
        }
        lastStep = step;
        lastCode = app.code(step);
        return lastCode;
    }

    /** The code of the last login, already spent. */
    String lastCode() {
        return lastCode;
    }

    void logOut(Browser browser) {
        browser.press("Se déconnecter");
        assertThat(browser.path()).isEqualTo("/connexion?fin=deconnexion");
    }

    /**
     * Checks the page shown now as every page of the webmail must be: no WCAG 2.1 AA violation (axe-core), and at
     * 360 px wide nothing scrolling sideways and every control large enough.
     */
    static void assertUsable(Browser browser, String page) {
        Accessibility.assertNoViolations(browser, page);
        Layout360.assertUsableAt360(browser, page);
    }

    /** A refusal page: the rule's status, its heading, "Code : <rule>" shown to the patient. */
    static void assertRefusal(Browser browser, int status, String rule) {
        assertThat(browser.status()).as(browser.text()).hasValue(status);
        assertThat(browser.text()).contains("Code : " + rule);
    }

    /** The whole page as a 360 px wide phone shows it, in the pictures of the documentation. */
    static void phoneScreenshot(Browser browser, String name) {
        Dimension before = browser.viewport();
        browser.viewport(Browser.PHONE);
        try {
            Screenshots.fullPage(browser, name);
        } finally {
            browser.viewport(before);
        }
    }

    /** Waits for the browser to be on {@code path} (a form sent with the keyboard gives no other sign). */
    static void awaitPath(Browser browser, String path) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(driver -> path.equals(browser.path()));
    }

    private static long currentStep() {
        return Totp.step(Instant.now());
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
