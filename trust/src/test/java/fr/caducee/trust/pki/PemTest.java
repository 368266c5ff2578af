package fr.caducee.trust.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {
    private final CertificateAuthority root = Pkix.root("PEM test root");

    @TempDir
    Path directory;

    @Test
    void severalCertificatesRoundTripThroughOneFileInOrder() throws Exception {
        X509Certificate leaf = root.issue(LeafRequest.builder("mx.caducee.test").serverAuth(true).build())
                .certificate();
        Path file = directory.resolve("chain.pem");

        Pem.writeCertificates(file, List.of(leaf, root.certificate()));

        assertThat(Pem.readCertificates(file)).containsExactly(leaf, root.certificate());
        assertThat(Files.readString(file)).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void privateKeyIsWrittenAsUnencryptedPkcs8AndReadsBack() throws Exception {
        Path file = directory.resolve("key.pem");

        Pem.writePrivateKey(file, root.privateKey());

        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
        PrivateKey reread = Pem.readPrivateKey(file);
        assertThat(reread.getEncoded()).isEqualTo(root.privateKey().getEncoded());
    }

    @Test
    void rsaKeyRoundTripsToo() throws Exception {
        PrivateKey key = Pkix.root("RSA root", KeyAlgorithm.RSA_3072).privateKey();
        Path file = directory.resolve("rsa.key.pem");

        Pem.writePrivateKey(file, key);

        assertThat(Pem.readPrivateKey(file)).isEqualTo(key);
    }

    @Test
    void certificateFileHoldingAPrivateKeyIsRefusedWithItsName() throws Exception {
        Path key = directory.resolve("key.pem");
        Pem.writePrivateKey(key, root.privateKey());
        Path file = directory.resolve("mixed.pem");
        Files.writeString(file, Pem.toPem(List.of(root.certificate())) + Files.readString(key));

        assertThatThrownBy(() -> Pem.readCertificates(file))
                .isInstanceOf(IOException.class)
                .hasMessage(file + ": expected certificates only, found a private key");
    }

    @Test
    void readingOneCertificateRefusesAFileWithSeveral() throws Exception {
        Path file = directory.resolve("two.pem");
        Pem.writeCertificates(file, List.of(root.certificate(), root.certificate()));

        assertThatThrownBy(() -> Pem.readCertificate(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("expected one certificate, found 2");
    }
}
