package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.NationalWhitelist;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;

/** The MX port admits only operators that prove themselves with a certificate chaining to our trust anchors. */
class MxMutualTlsIT {
    static final String DOMAIN = "chu.localhost";
    static final String WARD = "cardiologie@" + DOMAIN;
    static final String PASSWORD = "pass-cardiologie";

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withProperty("caducee.whitelist", new NationalWhitelist()
            .domain(DevPki.PEER_HOST_NAME, NationalWhitelist.PEER_OPERATOR_DN).writeToTemporaryFile().toString())
        .withBox(WARD, PASSWORD);

    @Test
    void peerWithoutCertificateIsRefusedDuringTheHandshake() throws Exception {
        assertRefusedDuringHandshake(TestClients.trustingServer(caducee.server()));
    }

    @Test
    void peerWithCertificateFromAnotherCaIsRefused() throws Exception {
        CertificateAuthority rogue = CertificateAuthority.createRoot("Rogue operator CA",
            Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)));
        assertRefusedDuringHandshake(TestClients.peer(caducee.server(), rogue.issue(peerRequest().build())));
    }

    @Test
    void peerWithExpiredCertificateIsRefused() throws Exception {
        IssuedCertificate expired = devAuthority().issue(peerRequest()
            .validity(Instant.now().minus(Duration.ofDays(400)), Instant.now().minus(Duration.ofDays(1)))
            .build());
        assertRefusedDuringHandshake(TestClients.peer(caducee.server(), expired));
    }

    @Test
    void peerWithValidCertificateDeliversToTheBox() throws Exception {
        String subject = "Avis d'hospitalisation " + UUID.randomUUID();
        try (SmtpDialogue smtp = SmtpDialogue.connect(caducee.server().ports().mx())) {
            smtp.send("EHLO peer-operator.localhost");
            smtp.startTls(TestClients.devPeerOperator(caducee.server()));
            assertThat(smtp.send("EHLO peer-operator.localhost").code()).isEqualTo(250);
            assertThat(smtp.send("MAIL FROM:<secretariat@peer-operator.localhost>").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + WARD + ">").code()).isEqualTo(250);
            assertThat(smtp.send("DATA").code()).isEqualTo(354);
            smtp.write("From: secretariat@peer-operator.localhost");
            smtp.write("To: " + WARD);
            smtp.write("Subject: " + subject);
            smtp.write("");
            smtp.write("Votre patient a été admis ce jour.");
            assertThat(smtp.send(".").code()).isEqualTo(250);
            smtp.send("QUIT");
        }
        assertThat(new MailClient(caducee.server()).awaitDelivered(WARD, PASSWORD, subject)).hasSize(1);
    }

    @Test
    void certificateOfOurCaWhoseDnTheWhitelistListsNowhereIsRefusedAtMailFrom() throws Exception {
        IssuedCertificate outsider = devAuthority().issue(LeafRequest.builder("mx.gmail.com")
            .dnsName("mx.gmail.com").clientAuth(true).serverAuth(true).build());
        try (SmtpDialogue smtp = SmtpDialogue.connect(caducee.server().ports().mx())) {
            smtp.send("EHLO mx.gmail.com");
            smtp.startTls(TestClients.peer(caducee.server(), outsider));
            assertThat(smtp.send("EHLO mx.gmail.com").code()).isEqualTo(250);
            SmtpDialogue.Reply reply = smtp.send("MAIL FROM:<secretariat@peer-operator.localhost>");
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.7.1").contains("The certificate CN=mx.gmail.com")
                .contains("not that of an operator of the national whitelist");
        }
    }

    @Test
    void acceptedMessageIsAuditedWithThePeerIdentity() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.trustedPeer(caducee.server())) {
            assertThat(smtp.send("MAIL FROM:<secretariat@peer-operator.localhost>").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + WARD + ">").code()).isEqualTo(250);
            assertThat(smtp.send("DATA").code()).isEqualTo(354);
            smtp.write("Subject: audit " + UUID.randomUUID());
            smtp.write("");
            smtp.write("Trace me.");
            assertThat(smtp.send(".").code()).isEqualTo(250);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readAllLines(caducee.server().log()))
            .anySatisfy(line -> assertThat(line).contains("decision=accepted via=mx")
                .contains("sender=secretariat@peer-operator.localhost")
                .contains("peer.san=" + DevPki.PEER_HOST_NAME)
                .contains("DEVELOPMENT ONLY root CA")));
    }

    @Test
    void transactionWithoutStartTlsIsRefusedWith530() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(caducee.server().ports().mx())) {
            smtp.send("EHLO peer-operator.localhost");
            SmtpDialogue.Reply reply = smtp.send("MAIL FROM:<secretariat@peer-operator.localhost>");
            assertThat(reply.code()).isEqualTo(530);
            assertThat(reply.text()).contains("5.7.0").contains("STARTTLS");
        }
    }

    @Test
    void mxNeitherOffersNorAcceptsAuthentication() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(caducee.server().ports().mx())) {
            smtp.send("EHLO peer-operator.localhost");
            smtp.startTls(TestClients.devPeerOperator(caducee.server()));
            SmtpDialogue.Reply ehlo = smtp.send("EHLO peer-operator.localhost");
            assertThat(ehlo.hasKeyword("AUTH")).as(ehlo.text()).isFalse();
            assertThat(smtp.send("AUTH PLAIN AGNhcmRpb2xvZ2llQGNodS5sb2NhbGhvc3QAcGFzcy1jYXJkaW9sb2dpZQ==").code())
                .isGreaterThanOrEqualTo(500);
        }
    }

    private static LeafRequest.Builder peerRequest() {
        return LeafRequest.builder("mx.peer-operator.localhost")
            .dnsName("mx.peer-operator.localhost")
            .clientAuth(true)
            .serverAuth(true);
    }

    private static CertificateAuthority devAuthority() throws IOException {
        return DevPki.ensure(caducee.server().pkiDir()).authority();
    }

    /**
     * With TLS 1.3 the client may finish its side of the handshake before the server has checked its certificate:
     * the refusal then shows as an alert or a closed connection at the first exchange. Either way no SMTP reply
     * must ever come back over that connection.
     */
    private static void assertRefusedDuringHandshake(SSLContext client) throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(caducee.server().ports().mx())) {
            smtp.send("EHLO peer-operator.localhost");
            assertThatThrownBy(() -> {
                smtp.startTls(client);
                smtp.send("EHLO peer-operator.localhost");
            }).isInstanceOf(IOException.class);
        }
    }
}
