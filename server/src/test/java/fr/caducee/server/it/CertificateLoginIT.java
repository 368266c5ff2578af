package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.ClientTls;
import fr.caducee.testkit.ImapDialogue;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;
import fr.caducee.trust.pki.DevPki;

/**
 * Software logging in to its APP box with its client certificate (SASL EXTERNAL) on IMAP and submission, the
 * listeners asking for a certificate without requiring one: the demo hospital's certificate opens its box; no
 * certificate, one naming no box, or one from an authority the server does not trust is refused
 * {@code certificate-login-refused}, and a client showing an untrusted certificate still logs in with a password.
 * curl shows its certificate whatever authorities the server names; the line-level dialogues use Java's client.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CertificateLoginIT {
    static final String DOMAIN = "caducee.localhost";
    static final String APP = "dpi@" + DOMAIN;
    static final String GP = "dr.martin@" + DOMAIN;
    static final String HOSPITAL_CERTIFICATE = "demo-hospital.p12";
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension();

    /** Another development PKI: its certificates chain to nothing the server trusts. */
    static Path otherFolder;
    static DevPki otherPki;

    @BeforeAll
    static void otherAuthority() throws Exception {
        otherFolder = Files.createTempDirectory("caducee-other-pki-");
        otherPki = DevPki.ensure(otherFolder.resolve("pki"), List.of("localhost"));
    }

    @AfterAll
    static void removeOtherAuthority() throws Exception {
        try (var files = Files.walk(otherFolder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    static char[] secret() throws Exception {
        return Files.readString(caducee.server().pkiDir().resolve(DevPki.SECRET_FILE)).strip().toCharArray();
    }

    static Path hospitalCertificate() {
        return caducee.server().pkiDir().resolve(HOSPITAL_CERTIFICATE);
    }

    static SSLContext showing(Path p12) throws Exception {
        Path pki = caducee.server().pkiDir();
        return ClientTls.presenting(p12, pki.resolve(DevPki.SECRET_FILE), pki.resolve(DevPki.ROOT_CERTIFICATE_FILE));
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @Order(1)
    void externalIsOfferedWhenTheClientShowedACertificate() throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server(), showing(hospitalCertificate()))) {
            assertThat(imap.command("CAPABILITY").get(0)).contains(" AUTH=EXTERNAL")
                .doesNotContain("AUTH=OAUTHBEARER");
        }
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(imap.command("CAPABILITY").get(0)).doesNotContain("AUTH=EXTERNAL");
        }
        try (SmtpDialogue smtp = SmtpDialogue.connect(caducee.server().ports().submission())) {
            smtp.send("EHLO poste.caducee.localhost");
            smtp.startTls(showing(hospitalCertificate()));
            assertThat(smtp.send("EHLO poste.caducee.localhost").lines()).contains("250-AUTH LOGIN PLAIN EXTERNAL");
        }
    }

    @Test
    @Order(2)
    void curlOpensTheHospitalsBoxWithItsCertificate() throws Exception {
        MailCurl.Result imap = MailCurl.imaps(caducee.server(), "/INBOX?ALL")
            .certificate(hospitalCertificate(), secret()).option("--login-options", "AUTH=EXTERNAL")
            .user(APP, "").run();
        MailCurl.Result smtp = MailCurl.submission(caducee.server())
            .certificate(hospitalCertificate(), secret()).option("--login-options", "AUTH=EXTERNAL")
            .user(APP, "").mail(APP, GP, "Compte rendu d'hospitalisation").run();

        assertThat(imap.exit()).as(imap.output()).isZero();
        assertThat(imap.output()).contains("AUTHENTICATE EXTERNAL").contains("Logged in: " + APP)
            .contains("* SEARCH");
        assertThat(smtp.exit()).as(smtp.output()).isZero();
        assertThat(smtp.output()).contains("AUTH EXTERNAL").contains("235 2.7.0 Authentication successful: " + APP);
    }

    @Test
    @Order(3)
    void externalWithoutAuthorisationIdentityOpensTheBoxTheCertificateNames() throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server(), showing(hospitalCertificate()))) {
            assertThat(ImapDialogue.status(imap.command("AUTHENTICATE EXTERNAL =")))
                .startsWith("OK [CAPABILITY ").endsWith("Logged in: " + APP);
            assertThat(ImapDialogue.status(imap.command("SELECT INBOX"))).startsWith("OK");
        }
        try (SmtpDialogue smtp = SmtpDialogue.connect(caducee.server().ports().submission())) {
            smtp.send("EHLO poste.caducee.localhost");
            smtp.startTls(showing(hospitalCertificate()));
            smtp.send("EHLO poste.caducee.localhost");
            assertThat(smtp.send("AUTH EXTERNAL").code()).isEqualTo(334);
            assertThat(smtp.send("").code()).isEqualTo(235);
            assertThat(smtp.send("MAIL FROM:<" + APP + ">").code()).isEqualTo(250);
        }
    }

    @Test
    @Order(4)
    void externalWithoutCertificateOrForAnotherBoxIsRefused() throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(ImapDialogue.status(imap.command("AUTHENTICATE EXTERNAL =")))
                .startsWith("NO [AUTHENTICATIONFAILED] ").endsWith("(certificate-login-refused)");
        }
        try (SmtpDialogue smtp = SmtpDialogue.securedSubmission(caducee.server())) {
            SmtpDialogue.Reply reply = smtp.send("AUTH EXTERNAL =");
            assertThat(reply.code()).isEqualTo(535);
            assertThat(reply.text()).startsWith("535 5.7.8 ").endsWith("(certificate-login-refused)");
        }
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server(), showing(hospitalCertificate()))) {
            assertThat(ImapDialogue.status(imap.command("AUTHENTICATE EXTERNAL " + base64(GP))))
                .startsWith("NO [AUTHENTICATIONFAILED] ").endsWith("(certificate-login-refused)");
        }
    }

    @Test
    @Order(5)
    void aCertificateBoundToNoBoxIsRefused() throws Exception {
        Path peerOperator = caducee.server().pkiDir().resolve(DevPki.PEER_KEYSTORE_FILE);
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server(), showing(peerOperator))) {
            assertThat(imap.command("CAPABILITY").get(0)).contains("AUTH=EXTERNAL");
            assertThat(ImapDialogue.status(imap.command("AUTHENTICATE EXTERNAL =")))
                .startsWith("NO [AUTHENTICATIONFAILED] ").endsWith("(certificate-login-refused)");
        }
    }

    @Test
    @Order(6)
    void anUntrustedCertificateStillLogsInWithAPasswordButNotByItself() throws Exception {
        String password = caducee.server().demoAccounts().get(GP);

        MailCurl.Result byPassword = MailCurl.imaps(caducee.server(), "/INBOX?ALL")
            .certificate(otherPki.peerKeystore(), otherPki.secret()).option("--login-options", "AUTH=PLAIN")
            .user(GP, password).run();
        MailCurl.Result byCertificate = MailCurl.imaps(caducee.server(), "/INBOX?ALL")
            .certificate(otherPki.peerKeystore(), otherPki.secret()).option("--login-options", "AUTH=EXTERNAL")
            .user(GP, "").run();
        MailCurl.Result smtp = MailCurl.submissions(caducee.server())
            .certificate(otherPki.peerKeystore(), otherPki.secret()).option("--login-options", "AUTH=PLAIN")
            .user(GP, password).mail(GP, GP, "Note").run();

        assertThat(byPassword.exit()).as(byPassword.output()).isZero();
        assertThat(byPassword.output()).contains("AUTH=EXTERNAL").contains("* SEARCH");
        assertThat(byCertificate.exit()).as(byCertificate.output()).isNotZero();
        assertThat(byCertificate.output()).contains("NO [AUTHENTICATIONFAILED] ")
            .contains("(certificate-login-refused)");
        assertThat(smtp.exit()).as(smtp.output()).isZero();
    }

    @Test
    @Order(7)
    void everyCertificateLoginAndRefusalIsInTheAuditTrail() throws Exception {
        assertThat(audit("LOGGED_IN")).anySatisfy(record -> {
            assertThat(record.path("rule").asText()).isEqualTo("certificate-login");
            assertThat(record.path("via").asText()).isEqualTo("certificate");
            assertThat(record.path("login").asText()).isEqualTo(APP);
            assertThat(record.path("reason").asText()).startsWith("imap EXTERNAL: certificate ").contains(APP);
        }).anySatisfy(record -> assertThat(record.path("reason").asText()).startsWith("submission EXTERNAL: "));
        List<JsonNode> refused = audit("REFUSED");
        assertThat(refused).anySatisfy(record -> {
            assertThat(record.path("rule").asText()).isEqualTo("certificate-login-refused");
            assertThat(record.path("reason").asText()).contains("no certificate");
        }).anySatisfy(record -> {
            assertThat(record.path("rule").asText()).isEqualTo("certificate-login-refused");
            assertThat(record.path("reason").asText()).contains(DevPki.PEER_SUBJECT);
        });
    }

    static List<JsonNode> audit(String decision) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        JSON.readTree(new TestClients.WebAdmin(caducee.server()).get("/audit?decision=" + decision
            + "&limit=100000").body()).forEach(records::add);
        return records;
    }
}
