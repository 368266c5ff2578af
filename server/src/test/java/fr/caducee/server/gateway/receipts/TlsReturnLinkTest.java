package fr.caducee.server.gateway.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.testkit.HospitalReceiver;
import fr.caducee.trust.certificate.CertificateValidator;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;
import fr.caducee.trust.pki.Pem;
import fr.caducee.trust.revocation.RevocationLists;

/** The connection to a hospital's receiver over TLS: our certificate shown, theirs checked for trust, name and revocation. */
class TlsReturnLinkTest {
    static final CertificateAuthority ROOT = CertificateAuthority.createRoot("test root",
        Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)));
    static final IssuedCertificate SERVER = ROOT.issue(LeafRequest.builder("caducee.localhost").serverAuth(true)
        .clientAuth(true).build());
    static final IssuedCertificate REVOKED = receiverCertificate(ROOT, "localhost");
    static final byte[] ZAM = ("MSH|^~\\&|PFI-X|Organisation-X|SIL-Y|labo|20270110090000||ZAM^Z02^ZAM_Z01|ZAM1|P|2.6"
        + "|||||FRA|UNICODE UTF-8\r").getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path folder;
    static TlsReturnLink link;

    @BeforeAll
    static void ourKeyAndTheRevocationLists() throws Exception {
        Path crl = folder.resolve("root.crl");
        Pem.writeRevocationList(crl, ROOT.issueRevocationList(List.of(CertificateAuthority.Revocation.of(
            REVOKED.certificate(), Instant.now().minusSeconds(30))), Instant.now().minusSeconds(60),
            Instant.now().plus(Duration.ofDays(7))));
        RevocationLists lists = new RevocationLists(List.of(crl.toString()), List.of(ROOT.certificate()),
            Clock.systemUTC());
        assertThat(lists.refreshNow()).isEmpty();
        Path keystore = folder.resolve("server.p12");
        SERVER.writePkcs12(keystore, "secret".toCharArray(), "caducee");
        link = TlsReturnLink.of(TlsReturnLink.context(keystore, "secret".toCharArray(), List.of(ROOT.certificate())),
            new CertificateValidator(List.of(ROOT.certificate()), lists));
    }

    @Test
    void aReceiverOfTheTrustSpaceGetsTheReceiptWithTheServersCertificate() throws Exception {
        try (HospitalReceiver receiver = HospitalReceiver.tls(presenting(receiverCertificate(ROOT, "localhost")));
             ReturnLink.Connection connection = link.open(address(receiver))) {
            String answer = new String(connection.exchange(ZAM), StandardCharsets.UTF_8);

            assertThat(answer).contains("MSA|AA|ZAM1");
            assertThat(receiver.received()).singleElement().satisfies(received ->
                assertThat(received.client()).contains(SERVER.certificate()));
        }
    }

    @Test
    void aReceiverWhoseCertificateChainsToNoAnchorIsSentNothing() throws Exception {
        CertificateAuthority stranger = CertificateAuthority.createRoot("stranger", Instant.now().minusSeconds(60),
            Instant.now().plus(Duration.ofDays(1)));
        try (HospitalReceiver receiver = HospitalReceiver.tls(presenting(receiverCertificate(stranger, "localhost")))) {
            assertThatThrownBy(() -> link.open(address(receiver))).isInstanceOf(IOException.class);
            assertThat(receiver.received()).isEmpty();
        }
    }

    @Test
    void aReceiverWhoseCertificateNamesAnotherHostIsSentNothing() throws Exception {
        try (HospitalReceiver receiver = HospitalReceiver.tls(presenting(receiverCertificate(ROOT, "sih.other.test")))) {
            assertThatThrownBy(() -> link.open(address(receiver))).isInstanceOf(IOException.class);
            assertThat(receiver.received()).isEmpty();
        }
    }

    @Test
    void aReceiverWhoseCertificateIsRevokedIsSentNothing() throws Exception {
        try (HospitalReceiver receiver = HospitalReceiver.tls(presenting(REVOKED))) {
            assertThatThrownBy(() -> link.open(address(receiver))).isInstanceOf(IOException.class)
                .hasMessageContaining("REVOKED");
            assertThat(receiver.received()).isEmpty();
        }
    }

    private static IssuedCertificate receiverCertificate(CertificateAuthority authority, String host) {
        return authority.issue(LeafRequest.builder(host).dnsName(host).serverAuth(true).clientAuth(false).build());
    }

    /** The receiver's TLS: its certificate, and our root for the client certificates it asks for. */
    private static SSLContext presenting(IssuedCertificate certificate) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("receiver", certificate.privateKey(), new char[0],
            certificate.chain().toArray(new X509Certificate[0]));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("root", ROOT.certificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static InetSocketAddress address(HospitalReceiver receiver) {
        return InetSocketAddress.createUnresolved("localhost", receiver.port());
    }
}
