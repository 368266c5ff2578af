package fr.caducee.webmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.spec.SecretKeySpec;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.Decision;
import fr.caducee.rules.Rule;
import fr.caducee.webmail.fakes.FakeAccounts;
import fr.caducee.testkit.MutableClock;
import fr.caducee.webmail.fakes.Patients;
import fr.caducee.webmail.fakes.RecordingAudit;
import fr.caducee.webmail.fakes.WebmailDatabase;
import fr.caducee.webmail.login.Totp;
import fr.caducee.webmail.port.Outbox;
import fr.caducee.webmail.port.PatientMailbox;
import fr.caducee.webmail.port.PatientRecord;

/**
 * The webmail's handler in Jetty, over real sockets, with the webmail's tables on a real PostgreSQL and the directory
 * faked: the login from the first visit to the second factor, its refusals, sessions and their ends, forged forms.
 */
class WebmailHandlerTest {
    @RegisterExtension
    static final WebmailDatabase DATABASE = new WebmailDatabase();
    private static final String PASSWORD = "trois petits chats sur le toit";
    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    private static final String CHROME = "Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile Safari/537.36";
    private static final String PAUL = Patients.address(Patients.PAUL);
    private static final Pattern SECRET = Pattern.compile("<code class=\"secret\">([A-Z2-7 ]+)</code>");
    private static final Pattern CODES = Pattern.compile("<code>([A-Z2-9]{5}-[A-Z2-9]{5})</code>");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final RecordingAudit audit = new RecordingAudit();
    private final FakeAccounts accounts = new FakeAccounts().add(Patients.PAUL, PASSWORD)
        .add(Patients.LEA, "une autre phrase de passe").add(Patients.NINA, "encore une autre phrase");
    private final EssaiPages essai = new EssaiPages();
    private final WebmailSettings settings = new WebmailSettings(WebClient.ORIGIN, "Caducée", Duration.ofMinutes(15),
        Duration.ofHours(12), 64 * 1024, 3, Duration.ofMinutes(1), Duration.ofMinutes(4));
    private Webmail webmail;
    private Server server;
    private int port;
    private WebClient browser;

    @BeforeEach
    void start() throws Exception {
        DATABASE.empty();
        accounts.represents(Patients.PAUL, Patients.LEA);
        webmail = new Webmail(settings, accounts, unused(PatientMailbox.class), unused(Outbox.class),
            unused(PatientRecord.class), DATABASE.dataSource(), new SecretKeySpec(new byte[32], "AES"), audit, clock,
            Duration.ofMillis(20), services -> List.of(essai));
        server = new Server(0);
        server.setHandler(webmail.handler());
        server.start();
        port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        browser = new WebClient(port, FIREFOX);
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void aFirstLoginGoesFromPasswordToEnrolmentToRecoveryCodesWithANewCookieAtEachStep() throws Exception {
        assertRedirect(browser.get("/"), "/connexion");
        HttpResponse<String> form = browser.get("/connexion");
        String visitor = browser.cookie;
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("<label for=\"adresse\">", "name=\"csrf\"");
        assertThat(visitor).isNotNull();

        assertRedirect(browser.post("/connexion", Map.of("adresse", PAUL, "motdepasse", PASSWORD)),
            "/connexion/enrolement");
        String pending = browser.cookie;
        assertThat(pending).isNotEqualTo(visitor);
        HttpResponse<String> enrolment = browser.get("/connexion/enrolement");
        assertThat(enrolment.body()).contains("<svg", "role=\"img\"", "aria-label=").doesNotContain("<script");
        byte[] secret = secret(enrolment.body());
        assertRedirect(browser.post("/connexion/enrolement", Map.of("code", Totp.code(secret, step()))),
            "/connexion/codes-de-secours");
        String open = browser.cookie;
        assertThat(open).isNotEqualTo(pending).isNotEqualTo(visitor);

        HttpResponse<String> codes = browser.get("/connexion/codes-de-secours");
        assertThat(recoveryCodes(codes.body())).hasSize(10);
        assertRedirect(browser.get("/connexion/codes-de-secours"), "/");
        assertRedirect(browser.get("/"), "/conversations");
        HttpResponse<String> page = browser.get("/conversations");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Boîte de <strong>Paul Durand</strong>", "<span class=\"box\">" + PAUL,
            "Se déconnecter");

        assertThat(audit.of(Rule.WEBMAIL_FACTOR_ENROLLED)).singleElement()
            .satisfies(record -> assertThat(record.login()).isEqualTo(PAUL));
        assertThat(audit.of(Rule.WEBMAIL_LOGGED_IN)).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.WEBMAIL_ACTION);
            assertThat(record.login()).isEqualTo(PAUL);
            assertThat(record.remote()).isEqualTo("127.0.0.1");
            assertThat(record.reason()).isEqualTo("password + authenticator app enrolled");
            assertThat(record.via()).isEqualTo("webmail");
        });
        for (String old : List.of(visitor, pending)) {
            WebClient thief = new WebClient(port, FIREFOX);
            thief.cookie = old;
            assertThat(thief.get("/conversations").statusCode()).as("an earlier cookie").isEqualTo(401);
        }
    }

    @Test
    void thePasswordAloneOpensNothingButTheSecondFactorsPagesForFiveMinutes() throws Exception {
        enrolled();
        logout();
        essai.last = null;
        browser.get("/connexion");
        assertRedirect(browser.post("/connexion", Map.of("adresse", PAUL, "motdepasse", PASSWORD)), "/connexion/code");

        assertRedirect(browser.get("/conversations"), "/connexion/code");
        assertRedirect(browser.get("/mot-de-passe"), "/connexion/code");
        assertRedirect(browser.get("/connexion/enrolement"), "/connexion/code");
        assertThat(essai.last).isNull();
        clock.advance(Duration.ofMinutes(5));
        HttpResponse<String> late = browser.get("/connexion/code");

        assertRefused(late, 401, Rule.WEBMAIL_SESSION_EXPIRED);
        assertThat(late.body()).contains("5 minutes pour terminer la connexion");
    }

    @Test
    void aSecondLoginTakesACodeOfTheAppAndTheSameCodeIsRefusedTheNextTime() throws Exception {
        byte[] secret = enrolled();
        logout();
        clock.advance(Duration.ofSeconds(30));
        String code = Totp.code(secret, step());

        assertRedirect(login(code), "/");
        logout();
        HttpResponse<String> replay = login(code);

        assertRefused(replay, 401, Rule.WEBMAIL_SECOND_FACTOR_FAILED);
        assertThat(replay.body()).contains("il a déjà servi", "href=\"/connexion/code\"");
        assertThat(audit.of(Rule.WEBMAIL_SECOND_FACTOR_FAILED)).singleElement()
            .satisfies(record -> assertThat(record.login()).isEqualTo(PAUL));
        clock.advance(Duration.ofSeconds(30));
        browser.get("/connexion/code");
        assertRedirect(browser.post("/connexion/code", Map.of("code", Totp.code(secret, step()))), "/");
    }

    @Test
    void aRecoveryCodeOpensOneLoginOnly() throws Exception {
        List<String> codes = new ArrayList<>();
        enrolled(codes);
        logout();

        assertRedirect(login(codes.get(0).toLowerCase()), "/");
        logout();
        assertRefused(login(codes.get(0)), 401, Rule.WEBMAIL_SECOND_FACTOR_FAILED);

        assertThat(audit.of(Rule.WEBMAIL_RECOVERY_CODE_USED)).singleElement()
            .satisfies(record -> assertThat(record.reason()).isEqualTo("9 recovery codes left"));
        assertThat(DATABASE.text("SELECT count(*) FROM webmail_recovery_code WHERE used_at IS NULL")).isEqualTo("9");
    }

    @Test
    void failedLoginsLockTheAddressWithAWaitThatDoublesAndThePasswordIsNotCheckedMeanwhile() throws Exception {
        enrolled();
        logout();
        for (int i = 0; i < 3; i++) {
            browser.get("/connexion");
            assertRefused(browser.post("/connexion", Map.of("adresse", PAUL, "motdepasse", "pas le bon")), 401,
                Rule.WEBMAIL_LOGIN_FAILED);
        }
        int checks = accounts.checks.get();
        browser.get("/connexion");
        HttpResponse<String> locked = browser.post("/connexion", Map.of("adresse", PAUL, "motdepasse", PASSWORD));

        assertRefused(locked, 429, Rule.WEBMAIL_LOCKED_OUT);
        assertThat(locked.body()).contains("Réessayez dans une minute (à 11 h 01)");
        assertThat(accounts.checks).hasValue(checks);

        clock.advance(Duration.ofMinutes(1));
        browser.get("/connexion");
        assertRefused(browser.post("/connexion", Map.of("adresse", PAUL, "motdepasse", "toujours pas")), 401,
            Rule.WEBMAIL_LOGIN_FAILED);
        browser.get("/connexion");
        assertThat(browser.post("/connexion", Map.of("adresse", PAUL, "motdepasse", PASSWORD)).body())
            .contains("Réessayez dans 2 minutes");

        clock.advance(Duration.ofMinutes(2));
        clock.advance(Duration.ofSeconds(30));
        browser.get("/connexion");
        assertRedirect(browser.post("/connexion", Map.of("adresse", PAUL, "motdepasse", PASSWORD)), "/connexion/code");
        assertThat(audit.of(Rule.WEBMAIL_LOGIN_FAILED)).hasSize(4)
            .allSatisfy(record -> assertThat(record.login()).isEqualTo(PAUL));
        assertThat(audit.of(Rule.WEBMAIL_LOCKED_OUT)).hasSize(2);
    }

    @Test
    void aPasswordRefusedWhileAnotherPatientsLoginIsInProgressIsRecordedUnderTheAddressTyped() throws Exception {
        // Paul typed his password and left the shared computer before the second factor; Léa types hers wrong.
        browser.get("/connexion");
        assertRedirect(browser.post("/connexion", Map.of("adresse", PAUL, "motdepasse", PASSWORD)),
            "/connexion/enrolement");
        String lea = Patients.address(Patients.LEA);
        browser.get("/connexion");

        assertRefused(browser.post("/connexion", Map.of("adresse", lea, "motdepasse", "pas le bon")), 401,
            Rule.WEBMAIL_LOGIN_FAILED);
        assertThat(audit.of(Rule.WEBMAIL_LOGIN_FAILED)).singleElement()
            .satisfies(record -> assertThat(record.login()).isEqualTo(lea));
    }

    @Test
    void anUnknownAddressIsAnsweredAndLockedLikeAKnownOne() throws Exception {
        String stranger = "999999999999999@patient.caducee.test";
        List<String> answers = new ArrayList<>();
        for (String address : List.of(PAUL, stranger)) {
            for (int i = 0; i < 4; i++) {
                browser.get("/connexion");
                HttpResponse<String> answer = browser.post("/connexion", Map.of("adresse", address, "motdepasse", "x"));
                answers.add(answer.statusCode() + " " + answer.body().replace(address, "ADDRESS"));
            }
        }

        assertThat(answers.subList(0, 4)).isEqualTo(answers.subList(4, 8));
        assertThat(answers.get(3)).startsWith("429 ");
    }

    @Test
    void aFormWithoutTheTokenWithAWrongOneOrFromAnotherSiteIsRefusedAndChangesNothing() throws Exception {
        enrolled();
        browser.get("/conversations");
        String token = browser.csrf().orElseThrow();

        assertRefused(browser.post("/essai", Map.of("csrf", "")), 403, Rule.WEBMAIL_FORGED_REQUEST);
        assertRefused(browser.post("/essai", Map.of("csrf", token.substring(1) + "A")), 403,
            Rule.WEBMAIL_FORGED_REQUEST);
        browser.origin = "https://evil.example";
        assertRefused(browser.post("/essai", Map.of("csrf", token)), 403, Rule.WEBMAIL_FORGED_REQUEST);
        browser.origin = null;
        HttpResponse<String> crossSite = browser.send(browser.request("/essai")
            .header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "cross-site")
            .POST(HttpRequest.BodyPublishers.ofString("csrf=" + token)));
        assertRefused(crossSite, 403, Rule.WEBMAIL_FORGED_REQUEST);
        assertThat(crossSite.body()).contains("Rien n&#39;a été modifié");
        assertThat(essai.actions).hasValue(0);
        assertThat(audit.of(Rule.WEBMAIL_FORGED_REQUEST)).hasSize(4)
            .allSatisfy(record -> assertThat(record.login()).isEqualTo(PAUL));

        assertRedirect(browser.post("/essai", Map.of("csrf", token)), "/conversations");
        assertThat(essai.actions).hasValue(1);
        assertThat(browser.get("/conversations").body()).contains("Action faite.");
        assertThat(browser.get("/conversations").body()).doesNotContain("Action faite.");
    }

    @Test
    void theLoginFormIsProtectedToo() throws Exception {
        WebClient stranger = new WebClient(port, FIREFOX);
        assertRefused(stranger.post("/connexion", Map.of("adresse", PAUL, "motdepasse", PASSWORD)), 403,
            Rule.WEBMAIL_FORGED_REQUEST);
        browser.get("/connexion");
        String token = browser.csrf().orElseThrow();
        stranger.get("/connexion");

        assertRefused(stranger.post("/connexion", Map.of("adresse", PAUL, "motdepasse", PASSWORD, "csrf", token)),
            403, Rule.WEBMAIL_FORGED_REQUEST);
        assertThat(accounts.checks).hasValue(0);
    }

    @Test
    void aCookiePresentedByAnotherBrowserEndsTheSessionForEveryone() throws Exception {
        enrolled();
        WebClient thief = new WebClient(port, CHROME);
        thief.cookie = browser.cookie;

        HttpResponse<String> stolen = thief.get("/conversations");

        assertRefused(stolen, 401, Rule.WEBMAIL_SESSION_MISMATCH);
        assertThat(stolen.body()).contains("href=\"/connexion\"", "autre navigateur");
        assertThat(stolen.headers().allValues("Set-Cookie")).anyMatch(value -> value.contains("Max-Age=0"));
        assertRefused(browser.get("/conversations"), 401, Rule.WEBMAIL_SESSION_EXPIRED);
        assertThat(audit.of(Rule.WEBMAIL_SESSION_MISMATCH)).singleElement()
            .satisfies(record -> assertThat(record.login()).isEqualTo(PAUL));
        assertThat(audit.of(Rule.WEBMAIL_LOGGED_OUT)).singleElement()
            .satisfies(record -> assertThat(record.reason()).contains("another browser"));
    }

    @Test
    void aCookiePresentedFromAnotherAddressEndsTheSession() throws Exception {
        enrolled();

        String answer = browser.getFrom("127.0.0.2", port, "/conversations");

        assertThat(answer).startsWith("HTTP/1.1 401").contains("Code : <code>webmail-session-mismatch</code>");
        assertRefused(browser.get("/conversations"), 401, Rule.WEBMAIL_SESSION_EXPIRED);
        assertThat(audit.of(Rule.WEBMAIL_SESSION_MISMATCH)).singleElement()
            .satisfies(record -> assertThat(record.remote()).isEqualTo("127.0.0.2"));
    }

    @Test
    void aSessionUnusedForTheIdleTimeEndsAndTheEndIsAudited() throws Exception {
        enrolled();
        clock.advance(Duration.ofMinutes(14));
        assertThat(browser.get("/conversations").statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(15));

        HttpResponse<String> expired = browser.get("/conversations");

        assertRefused(expired, 401, Rule.WEBMAIL_SESSION_EXPIRED);
        assertThat(expired.body()).contains("15 minutes sans activité");
        assertThat(audit.of(Rule.WEBMAIL_LOGGED_OUT)).singleElement()
            .satisfies(record -> assertThat(record.reason()).isEqualTo("idle timeout"));
        assertThat(webmail.sessions()).isZero();
    }

    @Test
    void logoutEndsTheSessionForgetsTheCookieAndSaysGoodbye() throws Exception {
        enrolled();
        browser.get("/conversations");
        String cookie = browser.cookie;
        assertRefused(browser.post(LOGOUT, Map.of("csrf", "nope")), 403, Rule.WEBMAIL_FORGED_REQUEST);
        assertThat(browser.get("/conversations").statusCode()).isEqualTo(200);

        HttpResponse<String> out = browser.post(LOGOUT, Map.of());

        assertRedirect(out, "/connexion?fin=deconnexion");
        assertThat(out.headers().allValues("Set-Cookie")).anyMatch(value -> value.contains("Max-Age=0"));
        assertThat(browser.get("/connexion?fin=deconnexion").body()).contains("Vous êtes déconnecté.");
        browser.cookie = cookie;
        assertRefused(browser.get("/conversations"), 401, Rule.WEBMAIL_SESSION_EXPIRED);
        assertThat(audit.of(Rule.WEBMAIL_LOGGED_OUT)).singleElement()
            .satisfies(record -> assertThat(record.reason()).isEqualTo("logout"));
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        List<HttpResponse<String>> answers = new ArrayList<>();
        answers.add(browser.get("/"));
        answers.add(browser.get("/connexion"));
        answers.add(browser.post("/connexion", Map.of("adresse", "x", "motdepasse", "y")));
        answers.add(browser.send(browser.request("/connexion").method("PUT", HttpRequest.BodyPublishers.noBody())));
        enrolled();
        answers.add(browser.get("/conversations"));
        answers.add(browser.get("/nulle-part"));
        answers.add(browser.get("/essai/panne"));
        answers.add(browser.get("/essai/fichier"));
        HttpResponse<String> css = browser.get("/static/caducee.css");

        for (HttpResponse<String> answer : answers) {
            assertThat(answer.headers().firstValue("Content-Security-Policy")).as(answer.uri().toString())
                .hasValue("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
                    + "frame-ancestors 'none'; base-uri 'none'");
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(answer.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
            assertThat(answer.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(answer.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
            assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(answer.headers().firstValue("Permissions-Policy")).get().asString().contains("camera=()");
        }
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(css.headers().firstValue("Cache-Control")).hasValue("public, max-age=86400");
        assertThat(css.headers().firstValue("Content-Security-Policy")).isPresent();
    }

    @Test
    void failuresAreShownWithoutTheirDetailsWithTheRightStatus() throws Exception {
        enrolled();

        HttpResponse<String> internal = browser.get("/essai/panne");
        HttpResponse<String> unavailable = browser.get("/essai/indisponible");
        HttpResponse<String> put = browser.send(browser.request("/conversations")
            .method("DELETE", HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> nowhere = browser.get("/nulle-part");

        assertRefused(internal, 500, Rule.WEBMAIL_INTERNAL_ERROR);
        assertThat(internal.body()).doesNotContain("hunter2", "jdbc", "Exception", "at fr.");
        assertRefused(unavailable, 503, Rule.WEBMAIL_UNAVAILABLE);
        assertThat(unavailable.body()).doesNotContain("LDAP");
        assertRefused(put, 404, Rule.WEBMAIL_NOT_FOUND);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, POST");
        assertRefused(nowhere, 404, Rule.WEBMAIL_NOT_FOUND);
        assertThat(nowhere.body()).contains("Se déconnecter", "Revenir à vos messages");
        assertThat(audit.of(Rule.WEBMAIL_INTERNAL_ERROR)).singleElement()
            .satisfies(record -> assertThat(record.login()).isEqualTo(PAUL));
        assertThat(audit.of(Rule.WEBMAIL_UNAVAILABLE)).hasSize(1);
        assertThat(audit.of(Rule.WEBMAIL_NOT_FOUND)).hasSize(2);
    }

    @Test
    void whenTheAuditTrailFailsNothingIsDoneAndTheAnswerIs503ButALogoutStillLogsOut() throws Exception {
        enrolled();
        browser.get("/boites");
        audit.failing(true);

        HttpResponse<String> answer = browser.post("/boites", Map.of("ins", Patients.LEA.ins().matricule()));

        assertRefused(answer, 503, Rule.WEBMAIL_UNAVAILABLE);
        assertThat(answer.body()).contains("Rien n&#39;a été modifié");
        audit.failing(false);
        assertThat(browser.get("/conversations").body()).contains("<span class=\"box\">" + PAUL);
        audit.failing(true);
        assertRedirect(browser.post(LOGOUT, Map.of()), "/connexion?fin=deconnexion");
        assertThat(webmail.sessions()).isZero();
        audit.failing(false);
        browser.get("/connexion");
        assertRefused(browser.post("/connexion", Map.of("adresse", PAUL, "motdepasse", "x")), 401,
            Rule.WEBMAIL_LOGIN_FAILED);
    }

    @Test
    void aLoginTheTrailCannotRecordOpensNoSession() throws Exception {
        byte[] secret = enrolled();
        logout();
        clock.advance(Duration.ofSeconds(30));
        browser.get("/connexion");
        browser.post("/connexion", Map.of("adresse", PAUL, "motdepasse", PASSWORD));
        browser.get("/connexion/code");
        audit.failing(true);

        HttpResponse<String> answer = browser.post("/connexion/code", Map.of("code", Totp.code(secret, step())));

        assertRefused(answer, 503, Rule.WEBMAIL_UNAVAILABLE);
        assertThat(answer.headers().allValues("Set-Cookie")).isEmpty();
        audit.failing(false);
        assertRefused(browser.get("/conversations"), 401, Rule.WEBMAIL_SESSION_EXPIRED);
        assertThat(webmail.sessions()).isZero();
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsReadAndAFileBelowItReachesThePage() throws Exception {
        enrolled();
        browser.get("/conversations");
        String token = browser.csrf().orElseThrow();
        String boundary = "----essai";
        String small = multipart(boundary, token, "bonjour.pdf", "%PDF-1.4 bonjour");

        HttpResponse<String> sent = browser.send(browser.request("/essai/envoi")
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(small)));
        HttpResponse<String> big = browser.send(browser.request("/essai/envoi")
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(multipart(boundary, token, "gros.pdf",
                "x".repeat(64 * 1024 + 1024 * 1024 + 1)))));

        HttpResponse<String> chunked = browser.send(browser.request("/essai/envoi")
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(multipart(boundary,
                token, "gros.pdf", "x".repeat(64 * 1024 + 1024 * 1024 + 1)).getBytes()))));

        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(sent.body()).contains("bonjour.pdf:application/pdf:16|Bonjour docteur");
        assertRefused(big, 413, Rule.WEBMAIL_UPLOAD_TOO_LARGE);
        assertThat(big.body()).contains("64 Ko");
        assertRefused(chunked, 413, Rule.WEBMAIL_UPLOAD_TOO_LARGE);
        assertThat(audit.of(Rule.WEBMAIL_UPLOAD_TOO_LARGE)).hasSize(2)
            .allSatisfy(record -> assertThat(record.login()).isEqualTo(PAUL));
        assertThat(essai.last.path()).isEqualTo("/essai/envoi");
    }

    @Test
    void aDatabaseOutOfReachIsA503AndNothingElse() throws Exception {
        org.postgresql.ds.PGSimpleDataSource nowhere = new org.postgresql.ds.PGSimpleDataSource();
        nowhere.setUrl("jdbc:postgresql://127.0.0.1:1/caducee?connectTimeout=2");
        Webmail cut = new Webmail(settings, accounts, unused(PatientMailbox.class), unused(Outbox.class),
            unused(PatientRecord.class), nowhere, new SecretKeySpec(new byte[32], "AES"), audit, clock,
            Duration.ofMillis(20), services -> List.of(essai));
        server.stop();
        server.setHandler(cut.handler());
        server.start();
        browser = new WebClient(((ServerConnector) server.getConnectors()[0]).getLocalPort(), FIREFOX);

        assertThat(browser.get("/connexion").statusCode()).isEqualTo(200);
        HttpResponse<String> login = browser.post("/connexion", Map.of("adresse", PAUL, "motdepasse", PASSWORD));

        assertRefused(login, 503, Rule.WEBMAIL_UNAVAILABLE);
        assertThat(login.body()).doesNotContain("5432", "postgresql", "Connection");
        assertThat(login.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(accounts.checks).hasValue(0);
        assertThat(audit.of(Rule.WEBMAIL_UNAVAILABLE)).singleElement()
            .satisfies(record -> assertThat(record.remote()).isEqualTo("127.0.0.1"));
    }

    @Test
    void aFileIsAnAttachmentUnderACleanName() throws Exception {
        enrolled();

        HttpResponse<String> file = browser.get("/essai/fichier");

        assertThat(file.headers().firstValue("Content-Disposition")).hasValue("attachment; "
            + "filename=\".._compte_rendu_ete.pdf\"; filename*=UTF-8''.._compte%20rendu%20%C3%A9t%C3%A9.pdf");
        assertThat(file.headers().firstValue("Content-Type")).hasValue("application/pdf");
    }

    @Test
    void aParentOpensTheBoxOfTheirChildAndOnlyThatOne() throws Exception {
        enrolled();
        HttpResponse<String> boxes = browser.get("/boites");
        assertThat(boxes.body()).contains("Léa Durand", "Paul Durand (vous)").doesNotContain("Nina");

        assertRedirect(browser.post("/boites", Map.of("ins", Patients.LEA.ins().matricule())), "/conversations");
        HttpResponse<String> child = browser.get("/conversations");
        assertThat(child.body()).contains("vous consultez la boîte de", "Léa Durand",
            "Vous consultez maintenant la boîte de Léa Durand.", Patients.address(Patients.LEA));
        assertThat(essai.last.viewer().representative()).isTrue();
        assertThat(audit.of(Rule.WEBMAIL_BOX_OPENED)).singleElement().satisfies(record -> {
            assertThat(record.login()).isEqualTo(PAUL);
            assertThat(record.reason()).contains(Patients.address(Patients.LEA));
        });

        browser.get("/boites");
        assertRefused(browser.post("/boites", Map.of("ins", Patients.NINA.ins().matricule())), 403,
            Rule.WEBMAIL_NOT_REPRESENTATIVE);
        accounts.representsNoLonger(Patients.PAUL, Patients.LEA);
        assertRefused(browser.get("/conversations"), 403, Rule.WEBMAIL_NOT_REPRESENTATIVE);
        assertThat(browser.get("/conversations").body()).contains("<span class=\"box\">" + PAUL);
    }

    @Test
    void aSuspendedBoxEndsItsSessionAtTheNextClick() throws Exception {
        enrolled();
        accounts.replace(Patients.suspended(Patients.PAUL));

        HttpResponse<String> answer = browser.get("/conversations");

        assertRefused(answer, 401, Rule.WEBMAIL_SESSION_EXPIRED);
        assertThat(answer.body()).contains("n&#39;est plus active");
        assertThat(audit.of(Rule.WEBMAIL_LOGGED_OUT)).singleElement()
            .satisfies(record -> assertThat(record.reason()).contains("no longer active"));
    }

    @Test
    void aPatientChangesTheirPasswordWithTheCurrentOne() throws Exception {
        enrolled();
        browser.get("/mot-de-passe");
        assertRefused(browser.post("/mot-de-passe", Map.of("actuel", "faux", "nouveau", "le chat dort au soleil",
            "confirmation", "le chat dort au soleil")), 400, Rule.WEBMAIL_PASSWORD_REFUSED);
        browser.get("/mot-de-passe");

        assertRedirect(browser.post("/mot-de-passe", Map.of("actuel", PASSWORD, "nouveau", "le chat dort au soleil",
            "confirmation", "le chat dort au soleil")), "/reglages");

        assertThat(accounts.password(Patients.PAUL)).isEqualTo("le chat dort au soleil");
        assertThat(audit.of(Rule.WEBMAIL_PASSWORD_CHANGED)).hasSize(1);
        assertThat(audit.of(Rule.WEBMAIL_PASSWORD_REFUSED)).hasSize(1);
    }

    private static final String LOGOUT = "/deconnexion";

    /** Paul logs in for the first time and enrols; answers the app's secret. */
    private byte[] enrolled() throws Exception {
        return enrolled(new ArrayList<>());
    }

    private byte[] enrolled(List<String> codes) throws Exception {
        browser.get("/connexion");
        browser.post("/connexion", Map.of("adresse", PAUL, "motdepasse", PASSWORD));
        byte[] secret = secret(browser.get("/connexion/enrolement").body());
        assertRedirect(browser.post("/connexion/enrolement", Map.of("code", Totp.code(secret, step()))),
            "/connexion/codes-de-secours");
        codes.addAll(recoveryCodes(browser.get("/connexion/codes-de-secours").body()));
        audit.clear();
        return secret;
    }

    /** Paul logs out, from a page of the webmail. */
    private void logout() throws Exception {
        browser.get("/conversations");
        assertRedirect(browser.post(LOGOUT, Map.of()), "/connexion?fin=deconnexion");
    }

    /** Paul logs in with his password and this code. */
    private HttpResponse<String> login(String code) throws Exception {
        browser.get("/connexion");
        assertRedirect(browser.post("/connexion", Map.of("adresse", PAUL, "motdepasse", PASSWORD)), "/connexion/code");
        browser.get("/connexion/code");
        return browser.post("/connexion/code", Map.of("code", code));
    }

    private long step() {
        return Totp.step(clock.instant());
    }

    private static byte[] secret(String page) {
        Matcher matcher = SECRET.matcher(page);
        assertThat(matcher.find()).as("the secret on the enrolment page").isTrue();
        return WebClient.base32(matcher.group(1));
    }

    private static List<String> recoveryCodes(String page) {
        Matcher matcher = CODES.matcher(page);
        List<String> codes = new ArrayList<>();
        while (matcher.find()) {
            codes.add(matcher.group(1));
        }
        return codes;
    }

    private static String multipart(String boundary, String token, String fileName, String content) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + token + "\r\n"
            + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"texte\"\r\n\r\nBonjour docteur\r\n"
            + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"pieces\"; filename=\"" + fileName
            + "\"\r\nContent-Type: application/pdf\r\n\r\n" + content + "\r\n"
            + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"pieces\"; filename=\"\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n\r\n"
            + "--" + boundary + "--\r\n";
    }

    private static void assertRedirect(HttpResponse<String> answer, String path) {
        assertThat(answer.statusCode()).as(answer.uri() + ": " + answer.body()).isEqualTo(303);
        assertThat(answer.headers().firstValue("Location")).hasValue(path);
    }

    private void assertRefused(HttpResponse<String> answer, int status, Rule rule) {
        assertThat(answer.statusCode()).as(answer.uri() + ": " + answer.body()).isEqualTo(status);
        assertThat(answer.body()).contains("Code : <code>" + rule.id() + "</code>").doesNotContain("Exception");
        if (rule != Rule.WEBMAIL_UNAVAILABLE) {
            // Unavailability is audited when the trail is the one thing still there; each test says when.
            assertThat(audit.records().stream().map(AuditRecord::rule)).contains(rule.id());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T unused(Class<T> port) {
        return (T) Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            throw new UnsupportedOperationException(method.getName() + " is not used by these tests");
        });
    }
}
