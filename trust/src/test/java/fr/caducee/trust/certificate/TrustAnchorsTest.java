package fr.caducee.trust.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;
import fr.caducee.trust.pki.Pem;
import fr.caducee.trust.pki.PkiException;
import fr.caducee.trust.pki.Pkix;

class TrustAnchorsTest {
    private static final char[] PASSWORD = "truststore secret".toCharArray();

    private final CertificateAuthority igcSante = Pkix.root("IGC-Santé test root");
    private final CertificateAuthority otherCa = Pkix.root("Unknown CA");

    @TempDir
    Path configuration;
    private Path trustAnchors;

    @BeforeEach
    void createTrustAnchorFolder() throws Exception {
        trustAnchors = Files.createDirectory(configuration.resolve("trust-anchors"));
    }

    @Test
    void problemsListsEveryBadFileRatherThanTheFirst() throws Exception {
        Files.writeString(trustAnchors.resolve("igc-sante.pem"), Pem.toPem(List.of(igcSante.certificate())));
        Files.writeString(trustAnchors.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n");
        Files.write(trustAnchors.resolve("empty.cer"), new byte[0]);
        Files.writeString(trustAnchors.resolve("README.md"), "not an anchor");

        List<String> problems = TrustAnchors.problems(trustAnchors, Instant.now());

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("trust-anchors/broken.pem");
        assertThat(problems.get(1)).isEqualTo("trust-anchors/empty.cer: contains no certificate");
    }

    @Test
    void problemsIsEmptyForGoodAnchorsAndForAnEmptyFolder() throws Exception {
        assertThat(TrustAnchors.problems(trustAnchors, Instant.now())).isEmpty();
        Files.writeString(trustAnchors.resolve("igc-sante.pem"), Pem.toPem(List.of(igcSante.certificate())));
        assertThat(TrustAnchors.problems(trustAnchors, Instant.now())).isEmpty();
    }

    @Test
    void loadsEveryCertificateFileAndIgnoresTheOthers() throws Exception {
        CertificateAuthority second = Pkix.root("Second IGC-Santé test root");
        Files.writeString(trustAnchors.resolve("igc-sante.pem"), "# Racines IGC-Santé de test\n"
                + Pem.toPem(List.of(igcSante.certificate(), second.certificate())), StandardCharsets.UTF_8);
        Files.write(trustAnchors.resolve("other.cer"), otherCa.certificate().getEncoded());
        Files.writeString(trustAnchors.resolve("README.md"), "Put the IGC-Santé roots here.");

        TrustAnchors anchors = TrustAnchors.load(trustAnchors);

        assertThat(anchors.certificates())
                .containsExactly(igcSante.certificate(), second.certificate(), otherCa.certificate());
    }

    @Test
    void extraAnchorsAreAddedOnceEvenWhenAlsoInTheFolder() throws Exception {
        Pem.writeCertificate(trustAnchors.resolve("igc-sante.crt"), igcSante.certificate());

        TrustAnchors anchors = TrustAnchors.load(trustAnchors, List.of(otherCa.certificate(), igcSante.certificate()));

        assertThat(anchors.certificates()).containsExactly(igcSante.certificate(), otherCa.certificate());
    }

    @Test
    void refusesANonCaCertificateNamingTheFile() throws Exception {
        IssuedCertificate leaf = igcSante.issue(LeafRequest.builder("mx.hopital.test").serverAuth(true).build());
        leaf.writeCertificatePem(trustAnchors.resolve("foo.pem"));

        assertThatThrownBy(() -> TrustAnchors.load(trustAnchors))
                .isInstanceOf(PkiException.class)
                .hasMessage("trust-anchors/foo.pem: certificate CN=mx.hopital.test is not a CA certificate");
    }

    @Test
    void refusesAnEmptyFolder() throws Exception {
        Files.writeString(trustAnchors.resolve("README.md"), "Put the IGC-Santé roots here.");

        assertThatThrownBy(() -> TrustAnchors.load(trustAnchors))
                .isInstanceOf(PkiException.class)
                .hasMessage("no trust anchor found in " + trustAnchors + ": the MX port would refuse every peer");
    }

    @Test
    void refusesAnExpiredCa() throws Exception {
        Instant now = Instant.now();
        CertificateAuthority expired = CertificateAuthority.createRoot("Expired root",
                now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(35)));
        Pem.writeCertificate(trustAnchors.resolve("expired.pem"), expired.certificate());

        assertThatThrownBy(() -> TrustAnchors.load(trustAnchors))
                .isInstanceOf(PkiException.class)
                .hasMessageStartingWith("trust-anchors/expired.pem: certificate CN=Expired root expired on ");
    }

    @Test
    void refusesAFileWithoutCertificate() throws Exception {
        Files.writeString(trustAnchors.resolve("empty.pem"), "");

        assertThatThrownBy(() -> TrustAnchors.load(trustAnchors))
                .isInstanceOf(PkiException.class)
                .hasMessage("trust-anchors/empty.pem: contains no certificate");
    }

    @Test
    void refusesAPrivateKeyDroppedAmongTheAnchors() throws Exception {
        Pem.writePrivateKey(trustAnchors.resolve("oops.pem"), igcSante.privateKey());

        assertThatThrownBy(() -> TrustAnchors.load(trustAnchors))
                .isInstanceOf(PkiException.class)
                .hasMessage("trust-anchors/oops.pem: expected certificates only, found a private key");
    }

    @Test
    void truststoreTrustsALeafOfTheAnchorAndNotOneOfAnotherCa() throws Exception {
        Pem.writeCertificate(trustAnchors.resolve("igc-sante.pem"), igcSante.certificate());
        Path truststore = configuration.resolve("truststore.p12");

        TrustAnchors.load(trustAnchors).writePkcs12Truststore(truststore, PASSWORD);

        X509TrustManager trustManager = pkixTrustManager(truststore);
        trustManager.checkClientTrusted(chainOfPeerIssuedBy(igcSante), "EC");
        assertThatThrownBy(() -> trustManager.checkClientTrusted(chainOfPeerIssuedBy(otherCa), "EC"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void inMemoryTrustManagerAgreesWithTheTruststore() throws Exception {
        X509TrustManager trustManager = TrustAnchors.load(trustAnchors, List.of(igcSante.certificate())).trustManager();

        trustManager.checkClientTrusted(chainOfPeerIssuedBy(igcSante), "EC");
        assertThat(trustManager.getAcceptedIssuers()).containsExactly(igcSante.certificate());
        assertThatThrownBy(() -> trustManager.checkClientTrusted(chainOfPeerIssuedBy(otherCa), "EC"))
                .isInstanceOf(CertificateException.class);
    }

    private static X509Certificate[] chainOfPeerIssuedBy(CertificateAuthority authority) {
        IssuedCertificate peer = authority.issue(LeafRequest.builder("mx.peer.test")
                .dnsName("mx.peer.test")
                .serverAuth(true)
                .clientAuth(true)
                .build());
        return peer.chain().toArray(new X509Certificate[0]);
    }

    private static X509TrustManager pkixTrustManager(Path truststore) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(truststore)) {
            keyStore.load(in, PASSWORD);
        }
        assertThat(keyStore.size()).isEqualTo(1);
        assertThat(keyStore.isCertificateEntry(keyStore.aliases().nextElement())).isTrue();
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(keyStore);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }
}
