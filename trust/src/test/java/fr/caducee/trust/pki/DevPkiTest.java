package fr.caducee.trust.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevPkiTest {
    private static final List<String> HOSTS = List.of("mx.caducee.localhost", "localhost");

    @TempDir
    Path dataFolder;

    private Path pkiFolder() {
        return dataFolder.resolve("pki");
    }

    @Test
    void theOperatorsSigningCertificateIsForMailFromTheRootAndKeptUntilItsDomainChanges() throws Exception {
        DevPki pki = DevPki.ensure(pkiFolder(), HOSTS);

        Path keystore = pki.ensureOperatorSigning("Chu-Exemple.localhost");
        X509Certificate signing = signingCertificate(keystore, pki);
        Path same = pki.ensureOperatorSigning("chu-exemple.localhost");
        X509Certificate kept = signingCertificate(same, pki);
        X509Certificate other = signingCertificate(pki.ensureOperatorSigning("autre.localhost"), pki);

        assertThat(keystore.getFileName().toString()).isEqualTo(DevPki.OPERATOR_SIGNING_KEYSTORE_FILE);
        assertThat(signing.getSubjectX500Principal().getName()).isEqualTo(DevPki.OPERATOR_SIGNING_SUBJECT);
        assertThat(signing.getSubjectAlternativeNames()).containsExactly(List.of(1, "postmaster@chu-exemple.localhost"));
        assertThat(signing.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.4");
        assertThat(signing.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(signing.getKeyUsage()[1]).as("nonRepudiation").isTrue();
        signing.verify(pki.rootCertificate().getPublicKey());
        assertThat(kept).isEqualTo(signing);
        assertThat(other.getSubjectAlternativeNames()).containsExactly(List.of(1, "postmaster@autre.localhost"));
    }

    private static X509Certificate signingCertificate(Path keystore, DevPki pki) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, pki.secret());
        }
        assertThat(store.isKeyEntry(DevPki.OPERATOR_SIGNING_ALIAS)).isTrue();
        return (X509Certificate) store.getCertificate(DevPki.OPERATOR_SIGNING_ALIAS);
    }

    @Test
    void ensureCreatesEveryFileOnFirstCall() throws Exception {
        DevPki pki = DevPki.ensure(pkiFolder(), HOSTS);

        assertThat(pki.createdFiles()).extracting(path -> path.getFileName().toString())
                .containsExactlyInAnyOrder(DevPki.ROOT_CERTIFICATE_FILE, DevPki.ROOT_KEY_FILE,
                        DevPki.SERVER_KEYSTORE_FILE, DevPki.PEER_KEYSTORE_FILE, DevPki.SECRET_FILE,
                        DevPki.REVOCATION_LIST_FILE, DevPki.README_FILE);
        assertThat(pkiFolder().resolve(DevPki.README_FILE)).content(StandardCharsets.UTF_8)
                .contains("must never be used in production", "trust-anchors/");
    }

    @Test
    void revokedCertificateIsOnTheRootsListAndStaysThereAfterTheNextStart() throws Exception {
        DevPki pki = DevPki.ensure(pkiFolder(), HOSTS);
        X509Certificate peer = pki.authority().issue(LeafRequest.builder("mx.revoque.localhost").clientAuth(true).build())
                .certificate();
        assertThat(Pem.readRevocationList(pki.revocationList()).getRevokedCertificates()).isNull();

        pki.revoke(peer);
        DevPki again = DevPki.ensure(pkiFolder(), HOSTS);

        java.security.cert.X509CRL crl = Pem.readRevocationList(again.revocationList());
        crl.verify(pki.rootCertificate().getPublicKey());
        assertThat(crl.isRevoked(peer)).isTrue();
        assertThat(crl.getNextUpdate().toInstant()).isAfter(Instant.now().plus(java.time.Duration.ofDays(30)));
    }

    @Test
    void onlyCertificatesOfTheDevelopmentRootCanBeRevoked() throws Exception {
        DevPki pki = DevPki.ensure(pkiFolder(), HOSTS);
        X509Certificate foreign = Pkix.root("Other root").issue(LeafRequest.builder("mx.autre.test").clientAuth(true).build())
                .certificate();

        assertThatThrownBy(() -> pki.revoke(foreign)).isInstanceOf(PkiException.class)
                .hasMessageContaining("not issued by the development root");
    }

    @Test
    void secondCallReusesTheExistingFiles() throws Exception {
        DevPki first = DevPki.ensure(pkiFolder(), HOSTS);
        byte[] serverKeystore = Files.readAllBytes(first.serverKeystore());

        DevPki second = DevPki.ensure(pkiFolder(), HOSTS);

        assertThat(second.createdFiles()).isEmpty();
        assertThat(second.rootCertificate().getSerialNumber()).isEqualTo(first.rootCertificate().getSerialNumber());
        assertThat(second.secret()).isEqualTo(first.secret());
        assertThat(Files.readAllBytes(second.serverKeystore())).isEqualTo(serverKeystore);
    }

    @Test
    void rootIsAMarkedDevelopmentCaValidForTenYears() throws Exception {
        X509Certificate root = DevPki.ensure(pkiFolder(), HOSTS).rootCertificate();

        assertThat(root.getSubjectX500Principal().getName())
                .isEqualTo("CN=Caducée DEVELOPMENT ONLY root CA - not for production");
        assertThat(root.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(root.getNotAfter().toInstant().atOffset(ZoneOffset.UTC).getYear())
                .isEqualTo(Instant.now().atOffset(ZoneOffset.UTC).getYear() + 10);
    }

    @Test
    void serverKeystoreLoadsWithTheJdkAndHoldsATwoCertificateChain() throws Exception {
        DevPki pki = DevPki.ensure(pkiFolder(), HOSTS);

        KeyStore keyStore = load(pki.serverKeystore(), pki.secret());
        Certificate[] chain = keyStore.getCertificateChain(DevPki.SERVER_ALIAS);

        assertThat(chain).hasSize(2);
        X509Certificate server = (X509Certificate) chain[0];
        assertThat(chain[1]).isEqualTo(pki.rootCertificate());
        assertThat(server.getSubjectX500Principal().getName())
                .isEqualTo("CN=caducee.localhost,OU=Caducee development operator,O=Caducee,C=FR");
        assertThat(server.getSubjectAlternativeNames())
                .containsExactly(List.of(2, "mx.caducee.localhost"), List.of(2, "localhost"));
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        Pkix.validate(server, pki.rootCertificate());

        KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
        factory.init(keyStore, pki.secret());
        assertThat(((X509KeyManager) factory.getKeyManagers()[0]).chooseServerAlias("EC", null, null))
                .isEqualTo(DevPki.SERVER_ALIAS);
    }

    @Test
    void peerOperatorKeystoreHoldsAClientCertificateOfTheDevelopmentRoot() throws Exception {
        DevPki pki = DevPki.ensure(pkiFolder(), HOSTS);

        Certificate[] chain = load(pki.peerKeystore(), pki.secret()).getCertificateChain(DevPki.PEER_ALIAS);

        X509Certificate peer = (X509Certificate) chain[0];
        assertThat(peer.getSubjectX500Principal().getName())
                .isEqualTo("CN=peer-operator.localhost,OU=Caducee development peer,O=Caducee,C=FR");
        assertThat(peer.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.2");
        Pkix.validate(peer, pki.rootCertificate());
    }

    @Test
    void keystoreSecretIsA24ByteRandomReadableByItsOwnerOnly() throws Exception {
        Assumptions.assumeTrue(SecureFiles.supportsPosix(dataFolder), "POSIX file modes");
        DevPki pki = DevPki.ensure(pkiFolder(), HOSTS);
        Path secret = pkiFolder().resolve(DevPki.SECRET_FILE);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pkiFolder().resolve(DevPki.ROOT_KEY_FILE))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pkiFolder()))).isEqualTo("rwx------");
        assertThat(new String(pki.secret())).matches("[A-Za-z0-9_-]{32}");
    }

    @Test
    void authorityIssuesFurtherCertificatesChainingToTheDevelopmentRoot() throws Exception {
        DevPki pki = DevPki.ensure(pkiFolder(), HOSTS);

        IssuedCertificate other = pki.authority().issue(LeafRequest.builder("other.localhost").clientAuth(true).build());

        Pkix.validate(other.certificate(), pki.rootCertificate());
    }

    @Test
    void lostRootKeyStopsWithAMessageSayingWhatToDo() throws Exception {
        DevPki.ensure(pkiFolder(), HOSTS);
        Files.delete(pkiFolder().resolve(DevPki.ROOT_KEY_FILE));

        assertThatThrownBy(() -> DevPki.ensure(pkiFolder(), HOSTS))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining(DevPki.ROOT_KEY_FILE + " is missing")
                .hasMessageContaining("to generate a new development PKI");
    }

    @Test
    void missingPeerKeystoreIsReissuedFromTheSameRoot() throws Exception {
        DevPki first = DevPki.ensure(pkiFolder(), HOSTS);
        Files.delete(first.peerKeystore());

        DevPki second = DevPki.ensure(pkiFolder(), HOSTS);

        assertThat(second.createdFiles()).containsExactly(second.peerKeystore());
        X509Certificate peer = (X509Certificate) load(second.peerKeystore(), second.secret())
                .getCertificate(DevPki.PEER_ALIAS);
        Pkix.validate(peer, first.rootCertificate());
    }

    @Test
    void defaultHostNamesStartWithLocalhostAndHoldNoAddressLiteral() {
        List<String> names = DevPki.defaultHostNames();

        assertThat(names).first().isEqualTo("localhost");
        assertThat(names).doesNotHaveDuplicates().noneMatch(name -> name.matches("[0-9.]+|.*:.*"));
    }

    @Test
    void commandLineTellsWhatItCreated() throws Exception {
        String firstRun = runMain("--dir", pkiFolder().toString(), "--host", "localhost");
        String secondRun = runMain("--dir", pkiFolder().toString(), "--host", "localhost");

        assertThat(firstRun).contains("created " + DevPki.SERVER_KEYSTORE_FILE, "NOT FOR PRODUCTION");
        assertThat(secondRun).contains("already present, nothing created");
    }

    private static String runMain(String... args) {
        PrintStream standardOutput = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            DevPki.main(args);
        } finally {
            System.setOut(standardOutput);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static KeyStore load(Path file, char[] password) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keyStore.load(in, password);
        }
        return keyStore;
    }
}
