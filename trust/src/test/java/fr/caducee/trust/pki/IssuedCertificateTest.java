package fr.caducee.trust.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IssuedCertificateTest {
    private static final char[] PASSWORD = "correct horse".toCharArray();

    private final CertificateAuthority root = Pkix.root("Keystore test root");
    private final IssuedCertificate leaf = root.issue(LeafRequest.builder("mx.caducee.test")
            .dnsName("mx.caducee.test")
            .serverAuth(true)
            .clientAuth(true)
            .build());

    @TempDir
    Path directory;

    @Test
    void pkcs12KeystoreLoadsWithTheJdkAndHoldsTheKeyWithItsFullChain() throws Exception {
        Path file = directory.resolve("server.p12");

        leaf.writePkcs12(file, PASSWORD, "caducee");

        KeyStore keyStore = load(file);
        assertThat(keyStore.isKeyEntry("caducee")).isTrue();
        assertThat(keyStore.getKey("caducee", PASSWORD).getEncoded()).isEqualTo(leaf.privateKey().getEncoded());
        assertThat(keyStore.getCertificateChain("caducee")).containsExactly(leaf.certificate(), root.certificate());
    }

    @Test
    void pkcs12KeystoreServesTheJdkSunX509KeyManager() throws Exception {
        Path file = directory.resolve("server.p12");
        leaf.writePkcs12(file, PASSWORD, "caducee");

        KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
        factory.init(load(file), PASSWORD);
        X509KeyManager keyManager = (X509KeyManager) factory.getKeyManagers()[0];

        assertThat(keyManager.chooseServerAlias("EC", null, null)).isEqualTo("caducee");
        X509Certificate[] chain = keyManager.getCertificateChain("caducee");
        assertThat(chain).containsExactly(leaf.certificate(), root.certificate());
    }

    @Test
    void privateKeyFilesAreReadableByTheirOwnerOnly() throws Exception {
        Assumptions.assumeTrue(SecureFiles.supportsPosix(directory), "POSIX file modes");
        Path keystore = directory.resolve("server.p12");
        Path key = directory.resolve("server.key.pem");
        Path certificate = directory.resolve("server.pem");

        leaf.writePkcs12(keystore, PASSWORD, "caducee");
        leaf.writePrivateKeyPem(key);
        leaf.writeCertificatePem(certificate);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Pem.readCertificate(certificate)).isEqualTo(leaf.certificate());
        assertThat(Pem.readPrivateKey(key).getEncoded()).isEqualTo(leaf.privateKey().getEncoded());
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keyStore.load(in, PASSWORD);
        }
        return keyStore;
    }
}
