package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;

import fr.caducee.directory.ldap.SlapdProcess;
import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.ImapDialogue;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;

/**
 * Production layout: the directory in a real OpenLDAP ({@code slapd} from Debian, started on loopback with our schema
 * and nothing else prepared). The server creates its tree there, writes hashed passwords slapd itself can verify,
 * sees a change made directly in LDAP within its cache freshness, and keeps answering from its cache when LDAP
 * goes down, answering "try later" for what it does not know.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExternalDirectoryIT {
    static final String DOMAIN = "clinique-ldap.localhost";
    static final String DOCTOR = "dr.garnier@" + DOMAIN;
    static final String NURSE = "ide.perrin@" + DOMAIN;
    static final String PASSWORD = "mot de passe garnier";
    static final int FRESHNESS_SECONDS = 2;

    static SlapdProcess slapd;
    static CaduceeProcess server;
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        slapd = SlapdProcess.start();
        data = Files.createTempDirectory("caducee-external-");
        server = CaduceeProcess.start(data, Map.of(
                "caducee.directory.mode", "external",
                "caducee.directory.url", slapd.url(),
                "caducee.directory.bindDn", slapd.bindDn(),
                "caducee.directory.freshnessSeconds", String.valueOf(FRESHNESS_SECONDS)),
            Map.of("CADUCEE_DIRECTORY_PASSWORD", slapd.password()),
            ExternalDirectoryIT.class.getSimpleName());
        TestClients.WebAdmin admin = new TestClients.WebAdmin(server);
        admin.addDomain(DOMAIN);
        admin.addBox(DOCTOR, PASSWORD);
        admin.addBox(NURSE, PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (slapd != null) {
            slapd.close();
        }
    }

    @Test
    @Order(1)
    void boxesLiveInOpenLdapWithHashesSlapdItselfVerifies() throws Exception {
        try (LDAPConnection ldap = slapd.connect()) {
            SearchResultEntry box = ldap.getEntry("mail=" + DOCTOR + ",ou=boxes," + slapd.baseDn());
            assertThat(box).isNotNull();
            assertThat(box.getAttributeValue("cadBoxType")).isEqualTo("PER");
            assertThat(box.getAttributeValue("userPassword")).startsWith("{PBKDF2-SHA512}");
            // slapd's pw-pbkdf2 module checks the same hash on a simple bind.
            ldap.bind(box.getDN(), PASSWORD);
        }
        try (ImapDialogue imap = ImapDialogue.connect(server)) {
            assertThat(imap.login(DOCTOR, PASSWORD)).startsWith("OK");
        }
    }

    @Test
    @Order(2)
    void aChangeMadeDirectlyInLdapIsSeenWithinTheCacheFreshness() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(server, DOCTOR, PASSWORD)) {
            assertThat(smtp.send("MAIL FROM:<" + DOCTOR + ">").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + NURSE + ">").code()).isEqualTo(250);
        }
        try (LDAPConnection ldap = slapd.connect()) {
            ldap.modify("mail=" + NURSE + ",ou=boxes," + slapd.baseDn(),
                new Modification(ModificationType.REPLACE, "cadStatus", "suspended"));
        }
        try {
            await().atMost(Duration.ofSeconds(FRESHNESS_SECONDS * 3L)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(server, DOCTOR, PASSWORD)) {
                        smtp.send("MAIL FROM:<" + DOCTOR + ">");
                        SmtpDialogue.Reply reply = smtp.send("RCPT TO:<" + NURSE + ">");
                        assertThat(reply.code()).isEqualTo(550);
                        assertThat(reply.text()).contains("5.2.1");
                    }
                });
        } finally {
            try (LDAPConnection ldap = slapd.connect()) {
                ldap.modify("mail=" + NURSE + ",ou=boxes," + slapd.baseDn(),
                    new Modification(ModificationType.REPLACE, "cadStatus", "active"));
            }
        }
    }

    @Test
    @Order(3)
    void whenLdapIsDownRecipientsItCannotCheckAreToldToTryLater() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(server, DOCTOR, PASSWORD)) {
            assertThat(smtp.send("MAIL FROM:<" + DOCTOR + ">").code()).isEqualTo(250);
            slapd.close();
            slapd = null;
            SmtpDialogue.Reply reply = smtp.send("RCPT TO:<never.seen@" + DOMAIN + ">");
            assertThat(reply.code()).isEqualTo(451);
            assertThat(reply.text()).contains("4.4.3").contains("try again later");
        }
    }
}
