package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.NationalWhitelist;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;
import fr.caducee.trust.pki.Pem;

/**
 * What the MX checks of a peer's certificate after the handshake, at every MAIL FROM, over real mutual TLS: its
 * revocation (the CA's list is re-read every second here), its validity now, and that its subject DN is one the
 * national whitelist lists for the sender's domain.
 */
class PeerCertificateChecksIT {
    static final String WARD = "cardiologie@chu.localhost";
    static final String PEER_DOMAIN = "peer-operator.localhost";
    static final String NEIGHBOUR_DOMAIN = "hopital-voisin.localhost";
    static final String NEIGHBOUR_DN = "CN=mx.hopital-voisin.localhost,OU=267500452,O=Hopital voisin,C=FR";
    static final Path WORK = temporaryFolder();
    /** A second CA of the trust space, whose revocation list the test controls. */
    static final CertificateAuthority OTHER_CA = CertificateAuthority.createRoot("IGC-Sante de test (autre AC)",
        Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)));
    static final Path OTHER_CA_LIST = WORK.resolve("autre-ac.crl");

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withProperty("caducee.trustAnchors", anchors().toString())
        .withProperty("caducee.crl", OTHER_CA_LIST.toString())
        .withProperty("caducee.crl.refreshSeconds", "1")
        .withProperty("caducee.whitelist", new NationalWhitelist()
            .domain(PEER_DOMAIN, NationalWhitelist.PEER_OPERATOR_DN)
            // the certificates these tests issue for the peer operator's other hosts
            .domain(PEER_DOMAIN, "CN=mx2." + PEER_DOMAIN)
            .domain(PEER_DOMAIN, "CN=mx3." + PEER_DOMAIN)
            .domain(PEER_DOMAIN, "CN=mx4." + PEER_DOMAIN)
            // written as people type DNs in the list: spaces, case, RFC 1779 quotes, a doubled inner space
            .domain(NEIGHBOUR_DOMAIN, " cn=MX.Hopital-Voisin.localhost ,  OU=267500452, o=\"Hopital  voisin\", C=fr")
            .writeTo(WORK.resolve("liste-blanche.xml")).toString())
        .withBox(WARD, "pass-cardiologie-2026");

    @Test
    void certificateAddedToItsCasRevocationListIsRefusedAtTheNextMailFrom() throws Exception {
        IssuedCertificate peer = devPki().authority().issue(peerRequest("mx2." + PEER_DOMAIN).build());
        try (SmtpDialogue smtp = peerSession(peer)) {
            assertThat(smtp.send("MAIL FROM:<secretariat@" + PEER_DOMAIN + ">").code()).isEqualTo(250);
            smtp.send("RSET");

            devPki().revoke(peer.certificate());

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                SmtpDialogue.Reply reply = smtp.send("MAIL FROM:<secretariat@" + PEER_DOMAIN + ">");
                smtp.send("RSET");
                assertThat(reply.code()).isEqualTo(550);
                assertThat(reply.text()).contains("5.7.1").contains("was revoked")
                    .contains(peer.certificate().getSerialNumber().toString(16)).contains("revocation list");
            });
        }
        // A new connection with it is refused as well.
        try (SmtpDialogue smtp = peerSession(peer)) {
            assertThat(smtp.send("MAIL FROM:<secretariat@" + PEER_DOMAIN + ">").code()).isEqualTo(550);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readAllLines(caducee.server().log()))
            .anySatisfy(line -> assertThat(line).contains("decision=refused rule=peer-certificate-revoked")));
    }

    @Test
    void certificateThatExpiresDuringAConnectionIsRefusedWithItsDate() throws Exception {
        Instant notAfter = Instant.now().plusSeconds(4);
        IssuedCertificate peer = devPki().authority().issue(peerRequest("mx3." + PEER_DOMAIN)
            .validity(Instant.now().minus(Duration.ofHours(1)), notAfter).build());
        try (SmtpDialogue smtp = peerSession(peer)) {
            assertThat(smtp.send("MAIL FROM:<secretariat@" + PEER_DOMAIN + ">").code()).isEqualTo(250);
            smtp.send("RSET");
            Thread.sleep(Duration.between(Instant.now(), notAfter).plusSeconds(1).toMillis());

            SmtpDialogue.Reply reply = smtp.send("MAIL FROM:<secretariat@" + PEER_DOMAIN + ">");

            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.7.1").contains("expired on " + peer.certificate().getNotAfter().toInstant());
        }
    }

    @Test
    void withoutACurrentListFromItsCaAPeerIsDeferredNotRefused() throws Exception {
        IssuedCertificate peer = OTHER_CA.issue(peerRequest("mx4." + PEER_DOMAIN).build());
        try (SmtpDialogue smtp = peerSession(peer)) {
            assertThat(smtp.send("MAIL FROM:<secretariat@" + PEER_DOMAIN + ">").code()).isEqualTo(250);
            smtp.send("RSET");

            // The CA publishes a list that ends in two seconds, and then nothing more.
            Instant now = Instant.now();
            Pem.writeRevocationList(OTHER_CA_LIST, OTHER_CA.issueRevocationList(List.of(), now, now.plusSeconds(2)));

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                SmtpDialogue.Reply reply = smtp.send("MAIL FROM:<secretariat@" + PEER_DOMAIN + ">");
                smtp.send("RSET");
                assertThat(reply.code()).isEqualTo(454);
                assertThat(reply.text()).contains("4.7.0").contains("cannot be checked now")
                    .contains("IGC-Sante de test (autre AC)").contains("try again later");
            });

            // A fresh list from the CA: accepted again.
            Pem.writeRevocationList(OTHER_CA_LIST, OTHER_CA.issueRevocationList(List.of(), Instant.now(),
                Instant.now().plus(Duration.ofDays(7))));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                SmtpDialogue.Reply reply = smtp.send("MAIL FROM:<secretariat@" + PEER_DOMAIN + ">");
                smtp.send("RSET");
                assertThat(reply.code()).isEqualTo(250);
            });
        }
    }

    @Test
    void aPeerWhoseDnIsListedForADomainDeliversForItButNotForADomainListedUnderAnotherDn() throws Exception {
        IssuedCertificate neighbour = devPki().authority().issue(peerRequest("mx." + NEIGHBOUR_DOMAIN).subject(NEIGHBOUR_DN).build());
        try (SmtpDialogue smtp = peerSession(neighbour)) {
            // listed with other spacing, case and quotes: still its DN
            assertThat(smtp.send("MAIL FROM:<secretariat@" + NEIGHBOUR_DOMAIN + ">").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + WARD + ">").code()).isEqualTo(250);
            assertThat(smtp.send("DATA").code()).isEqualTo(354);
            smtp.write("Subject: lettre de liaison");
            smtp.write("");
            smtp.write("Compte rendu joint.");
            assertThat(smtp.send(".").code()).isEqualTo(250);

            SmtpDialogue.Reply reply = smtp.send("MAIL FROM:<secretariat@" + PEER_DOMAIN + ">");

            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.7.1").contains("The certificate " + NEIGHBOUR_DN)
                .contains("may not send for " + PEER_DOMAIN)
                // the four DNs listed for the peer operator's domain, sorted, the first three named
                .contains("the operator certificate CN=mx2." + PEER_DOMAIN + "; CN=mx3." + PEER_DOMAIN + "; CN=mx4."
                    + PEER_DOMAIN + " and 1 more");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readAllLines(caducee.server().log()))
            .anySatisfy(line -> assertThat(line).contains("decision=refused rule=peer-dn-not-listed-for-domain")));
    }

    @Test
    void aCertificateOfATrustedCaWhoseDnNoDomainListsIsRefusedEvenForReceipts() throws Exception {
        IssuedCertificate stranger = devPki().authority().issue(peerRequest("mx." + PEER_DOMAIN)
            .subject("CN=mx." + PEER_DOMAIN + ",O=Not in the list,C=FR").build());
        try (SmtpDialogue smtp = peerSession(stranger)) {
            for (String sender : List.of("", "secretariat@" + PEER_DOMAIN)) {
                SmtpDialogue.Reply reply = smtp.send("MAIL FROM:<" + sender + ">");

                assertThat(reply.code()).isEqualTo(550);
                assertThat(reply.text()).contains("5.7.1").contains("CN=mx." + PEER_DOMAIN + ",O=Not in the list,C=FR")
                    .contains("not that of an operator of the national whitelist");
            }
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readAllLines(caducee.server().log()))
            .anySatisfy(line -> assertThat(line).contains("decision=refused rule=peer-dn-not-in-whitelist")));
    }

    @Test
    void receiptsWithTheNullSenderAreAcceptedFromAnOperatorOfTheList() throws Exception {
        IssuedCertificate neighbour = devPki().authority().issue(peerRequest("mx." + NEIGHBOUR_DOMAIN).subject(NEIGHBOUR_DN).build());
        try (SmtpDialogue smtp = peerSession(neighbour)) {
            assertThat(smtp.send("MAIL FROM:<>").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + WARD + ">").code()).isEqualTo(250);
        }
    }

    @Test
    void certificateOfAnOperatorSendsForItsSubdomainsSuchAsItsPatients() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.trustedPeer(caducee.server())) {
            assertThat(smtp.send("MAIL FROM:<146026322000196@patient." + PEER_DOMAIN + ">").code()).isEqualTo(250);
        }
    }

    private static SmtpDialogue peerSession(IssuedCertificate certificate) throws Exception {
        SmtpDialogue smtp = SmtpDialogue.connect(caducee.server().ports().mx());
        smtp.send("EHLO peer");
        smtp.startTls(TestClients.peer(caducee.server(), certificate));
        assertThat(smtp.send("EHLO peer").code()).isEqualTo(250);
        return smtp;
    }

    private static LeafRequest.Builder peerRequest(String host) {
        return LeafRequest.builder(host).dnsName(host).clientAuth(true).serverAuth(true);
    }

    private static DevPki devPki() throws Exception {
        return DevPki.ensure(caducee.server().pkiDir(), List.of("localhost"));
    }

    private static Path anchors() {
        try {
            Path anchors = Files.createDirectories(WORK.resolve("anchors"));
            Pem.writeCertificate(anchors.resolve("autre-ac.pem"), OTHER_CA.certificate());
            Instant now = Instant.now();
            Pem.writeRevocationList(OTHER_CA_LIST, OTHER_CA.issueRevocationList(List.of(), now, now.plus(Duration.ofDays(7))));
            return anchors;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path temporaryFolder() {
        try {
            Path folder = Files.createTempDirectory("caducee-peer-checks-");
            folder.toFile().deleteOnExit();
            return folder;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
