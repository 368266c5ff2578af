package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import fr.caducee.directory.ldap.SlapdProcess;
import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.ImapDialogue;
import fr.caducee.testkit.OidcProvider;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;

/**
 * The directory away while professionals log in: the server's directory is a real OpenLDAP, frozen (SIGSTOP). A valid
 * token, or a member's login on an ORG box, cannot be decided: {@code NO [UNAVAILABLE]} / {@code 454 4.7.0}
 * ({@code login-unavailable}), never a refusal the client would take for a wrong credential; once the directory is
 * back, the same logins open the boxes.
 */
class LoginDirectoryDownIT {
    static final String GP = "dr.martin@caducee.localhost";
    static final String GP_ID = "810000005479";
    static final String WARD_BY_MEMBER = "cardiologie@caducee.localhost*" + GP;

    static SlapdProcess slapd;
    static OidcProvider provider;
    static CaduceeProcess server;
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        slapd = SlapdProcess.start();
        provider = OidcProvider.start();
        data = Files.createTempDirectory("caducee-login-ldap-");
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("caducee.directory.mode", "external");
        properties.put("caducee.directory.url", slapd.url());
        properties.put("caducee.directory.bindDn", slapd.bindDn());
        properties.put("caducee.directory.freshnessSeconds", "2");
        properties.put("caducee.directory.timeoutMillis", "1000");
        properties.put("caducee.psc.issuer", provider.issuer());
        properties.put("caducee.psc.clients", OidcProvider.CLIENT);
        server = CaduceeProcess.start(data.resolve("server"), properties,
            Map.of("CADUCEE_DIRECTORY_PASSWORD", slapd.password()), LoginDirectoryDownIT.class.getSimpleName());
    }

    @AfterAll
    static void stop() throws Exception {
        if (slapd != null) {
            slapd.resume();
        }
        if (server != null) {
            server.close();
        }
        if (slapd != null) {
            slapd.close();
        }
        if (provider != null) {
            provider.close();
        }
        if (data != null) {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    static String xoauth2(String token) {
        return Base64.getEncoder().encodeToString(("user=" + GP + "\u0001auth=Bearer " + token + "\u0001\u0001")
            .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theDirectoryAwayMakesTokenAndMemberLoginsUnavailableNotRefused() throws Exception {
        String password = server.demoAccounts().get(GP);
        try (ImapDialogue imap = ImapDialogue.connect(server)) {
            assertThat(ImapDialogue.status(imap.command("AUTHENTICATE XOAUTH2 " + xoauth2(provider.mint(GP_ID)))))
                .startsWith("OK");
        }

        slapd.pause();
        try {
            // Past the directory cache's freshness: every answer has to come from the directory itself.
            Thread.sleep(2_500);
            String token = provider.mint(GP_ID);
            try (ImapDialogue imap = ImapDialogue.connect(server)) {
                assertThat(ImapDialogue.status(imap.command("AUTHENTICATE XOAUTH2 " + xoauth2(token))))
                    .startsWith("NO [UNAVAILABLE] ").endsWith("(login-unavailable)");
                assertThat(imap.login(WARD_BY_MEMBER, password))
                    .startsWith("NO [UNAVAILABLE] ").endsWith("(login-unavailable)");
            }
            try (SmtpDialogue smtp = SmtpDialogue.securedSubmission(server)) {
                SmtpDialogue.Reply reply = smtp.send("AUTH XOAUTH2 " + xoauth2(token));
                assertThat(reply.code()).isEqualTo(454);
                assertThat(reply.text()).startsWith("454 4.7.0 ").endsWith("(login-unavailable)");
            }
        } finally {
            slapd.resume();
        }

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            try (ImapDialogue imap = ImapDialogue.connect(server)) {
                assertThat(imap.login(WARD_BY_MEMBER, password)).startsWith("OK");
            }
        });
        try (ImapDialogue imap = ImapDialogue.connect(server)) {
            assertThat(ImapDialogue.status(imap.command("AUTHENTICATE XOAUTH2 " + xoauth2(provider.mint(GP_ID)))))
                .startsWith("OK");
        }
    }

    /** {@code /healthcheck} says so too: its Directory check reads the store itself, past the cache. */
    @Test
    void theHealthCheckTellsTheDirectoryAwayWith503AndBack() throws Exception {
        TestClients.WebAdmin monitoring = TestClients.WebAdmin.withoutToken(server);
        assertThat(monitoring.get("/healthcheck/checks/Directory").statusCode()).isEqualTo(200);

        slapd.pause();
        try {
            HttpResponse<String> away = monitoring.get("/healthcheck/checks/Directory");

            assertThat(away.statusCode()).as(away.body()).isEqualTo(503);
            assertThat(away.body()).contains("\"status\":\"unhealthy\"").contains("directory store does not answer");
            assertThat(monitoring.get("/healthcheck").statusCode()).isEqualTo(503);
        } finally {
            slapd.resume();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(monitoring.get("/healthcheck/checks/Directory").statusCode()).isEqualTo(200));
    }
}
