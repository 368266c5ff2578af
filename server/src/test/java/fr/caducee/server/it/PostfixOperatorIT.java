package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.NationalWhitelist;
import fr.caducee.testkit.PostfixProcess;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;

/**
 * A real Postfix as a third operator, with its own certificate from the trust space's (test) CA, whose subject DN the
 * whitelist lists for its domain: mail goes both ways over mutual TLS, each side verifying the other (Caducée checks
 * the DN both when Postfix sends and when it delivers to Postfix). A Postfix presenting a certificate from a CA
 * outside the trust space, or the certificate of an operator listed for another domain, gets nothing through.
 * Needs root (see PostfixProcess).
 */
class PostfixOperatorIT {
    static final String DOMAIN = "caducee.localhost";
    static final String DOCTOR = "dr.caducee@" + DOMAIN;
    static final String PASSWORD = "pass-postfix-2026";
    static final String POSTFIX_DOMAIN = "operateur-postfix.localhost";
    static final String POSTFIX_BOX = "dr.postfix";
    static final String POSTFIX_SENDER = POSTFIX_BOX + "@" + POSTFIX_DOMAIN;
    static final String POSTFIX_DN = "CN=mx.operateur-postfix.localhost,OU=Operateur Postfix,O=Test,C=FR";
    static final String OTHER_OPERATOR_DOMAIN = "autre-operateur.localhost";
    static final String OTHER_OPERATOR_DN = "CN=mx.autre-operateur.localhost,OU=Autre operateur,O=Test,C=FR";

    @TempDir
    static Path work;
    static CaduceeProcess caducee;
    static PostfixProcess postfix;

    @BeforeAll
    static void start() throws Exception {
        PostfixProcess.assumeUsable();
        DevPki pki = DevPki.ensure(work.resolve("caducee/pki"), List.of("localhost"));
        CertificateAuthority testCa = pki.authority();
        IssuedCertificate postfixCertificate = testCa.issue(LeafRequest.builder("mx." + POSTFIX_DOMAIN)
            .subject(POSTFIX_DN).dnsName("mx." + POSTFIX_DOMAIN).dnsName("localhost")
            .serverAuth(true).clientAuth(true).build());
        CertificateAuthority rogue = CertificateAuthority.createRoot("CA hors espace de confiance",
            Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
        IssuedCertificate rogueCertificate = rogue.issue(LeafRequest.builder("mx." + POSTFIX_DOMAIN)
            .dnsName("mx." + POSTFIX_DOMAIN).serverAuth(true).clientAuth(true).build());
        IssuedCertificate otherOperatorCertificate = testCa.issue(LeafRequest.builder("mx." + OTHER_OPERATOR_DOMAIN)
            .subject(OTHER_OPERATOR_DN).dnsName("mx." + OTHER_OPERATOR_DOMAIN).serverAuth(true).clientAuth(true).build());

        int postfixMx = CaduceeProcess.freePort();
        Path routes = Files.writeString(work.resolve("routes.txt"), POSTFIX_DOMAIN + " localhost:" + postfixMx + "\n");
        Path whitelist = new NationalWhitelist()
            // written with spaces after the commas, as some entries of ANS's list are
            .domain(POSTFIX_DOMAIN, POSTFIX_DN.replace(",", ", "))
            .domain(OTHER_OPERATOR_DOMAIN, OTHER_OPERATOR_DN)
            .writeTo(work.resolve("liste-blanche.xml"));
        caducee = CaduceeProcess.start(work.resolve("caducee"), Map.of(
            "caducee.routes", routes.toString(),
            "caducee.whitelist", whitelist.toString(),
            "caducee.demo", "false"), "PostfixOperatorIT");
        TestClients.WebAdmin admin = new TestClients.WebAdmin(caducee);
        admin.addDomain(DOMAIN);
        admin.addBox(DOCTOR, PASSWORD);

        postfix = PostfixProcess.named("PostfixOperatorIT")
            .domain(POSTFIX_DOMAIN)
            .box(POSTFIX_BOX)
            .certificate(postfixCertificate, pki.rootCertificate())
            .mxPort(postfixMx)
            .transport("rogue", rogueCertificate)
            .transport("other-operator", otherOperatorCertificate)
            .route("refus-ca@" + DOMAIN, "rogue", caducee.ports().mx())
            .route("refus-domaine@" + DOMAIN, "other-operator", caducee.ports().mx())
            .route(DOMAIN, "smtp", caducee.ports().mx())
            .start();
    }

    @AfterAll
    static void stop() {
        if (postfix != null) {
            postfix.close();
        }
        if (caducee != null) {
            caducee.close();
        }
    }

    @Test
    void mailFromPostfixIsAcceptedOverMutualTlsAndDelivered() throws Exception {
        String subject = "De Postfix " + UUID.randomUUID();
        submitToPostfix(DOCTOR, subject);

        assertThat(new MailClient(caducee).awaitDelivered(DOCTOR, PASSWORD, subject)).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readAllLines(caducee.log()))
            .anySatisfy(line -> assertThat(line).contains("decision=accepted via=mx").contains("sender=" + POSTFIX_SENDER)
                .contains("mx." + POSTFIX_DOMAIN)));
        // Postfix verified our certificate against the trust space's CA and the next hop's name.
        assertThat(Files.readString(postfix.log())).containsPattern("Verified TLS connection established to localhost\\[127\\.0\\.0\\.1\\]:"
            + caducee.ports().mx());
    }

    @Test
    void mailToPostfixIsDeliveredOverMutualTls() throws Exception {
        String subject = "Vers Postfix " + UUID.randomUUID();
        new MailClient(caducee).send(DOCTOR, PASSWORD, POSTFIX_SENDER, subject, "Bonjour de Caducée.");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
            assertThat(postfix.mailbox(POSTFIX_BOX)).anySatisfy(message -> assertThat(message)
                .contains("Subject: " + subject)
                // Postfix asked for our certificate, verified it against the CA and wrote so in its Received: line.
                .containsPattern("\\(Client CN \"caducee.localhost\", Issuer \"[^\"]*\" \\(verified OK\\)\\)")));
    }

    @Test
    void postfixPresentingACertificateFromAnotherCaGetsNothingThrough() throws Exception {
        String subject = "CA inconnue " + UUID.randomUUID();
        submitToPostfix("refus-ca@" + DOMAIN, subject);

        // Caducée ends the handshake with a certificate_unknown alert: Postfix defers the message and keeps it.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(postfix.queue()).contains("\"queue_name\": \"deferred\"").contains("refus-ca@" + DOMAIN);
            assertThat(Files.readString(postfix.log())).contains("alert certificate unknown");
        });
        assertThat(Files.readAllLines(caducee.log())).noneSatisfy(line -> assertThat(line)
            .contains("decision=accepted").contains("refus-ca@" + DOMAIN));
    }

    @Test
    void postfixPresentingTheCertificateOfAnOperatorListedForAnotherDomainIsRefusedAndItsSenderGetsTheReason() throws Exception {
        String subject = "Hors liste " + UUID.randomUUID();
        submitToPostfix("refus-domaine@" + DOMAIN, subject);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
            assertThat(postfix.mailbox(POSTFIX_BOX)).anySatisfy(bounce -> assertThat(bounce.replaceAll("\\s+", " "))
                .contains("Undelivered Mail Returned to Sender").contains(subject)
                .contains("550 5.7.1").contains(OTHER_OPERATOR_DN).contains("may not send for " + POSTFIX_DOMAIN)));
    }

    /** As one of Postfix's own users would: plain SMTP to its loopback listener. */
    private static void submitToPostfix(String recipient, String subject) throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(postfix.submitPort())) {
            assertThat(smtp.send("EHLO poste.operateur-postfix.localhost").code()).isEqualTo(250);
            assertThat(smtp.send("MAIL FROM:<" + POSTFIX_SENDER + ">").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + recipient + ">").code()).isEqualTo(250);
            assertThat(smtp.send("DATA").code()).isEqualTo(354);
            smtp.write("From: " + POSTFIX_SENDER);
            smtp.write("To: " + recipient);
            smtp.write("Subject: " + subject);
            smtp.write("");
            smtp.write("Compte rendu.");
            assertThat(smtp.send(".").code()).isEqualTo(250);
            smtp.send("QUIT");
        }
    }
}
