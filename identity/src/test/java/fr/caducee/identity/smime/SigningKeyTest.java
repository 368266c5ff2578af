package fr.caducee.identity.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;
import fr.caducee.trust.pki.SigningRequest;

class SigningKeyTest {
    private static final char[] SECRET = "un mot de passe".toCharArray();

    private final SmimeFixtures fixtures = new SmimeFixtures();

    @TempDir
    Path folder;

    @Test
    void theOperatorsKeystoreLoadsWithItsChain() throws Exception {
        IssuedCertificate operator = fixtures.signer("CN=Caducee operator signature,O=Caducee,C=FR",
            "postmaster@caducee.localhost");
        Path keystore = folder.resolve("operator-signing.p12");
        operator.writePkcs12(keystore, SECRET, "operator-signing");

        SigningKey key = SigningKey.load(keystore, SECRET, SmimeFixtures.NOW);

        assertThat(key.certificate()).isEqualTo(operator.certificate());
        assertThat(key.chain()).hasSize(2);
    }

    @Test
    void aWrongPasswordStopsTheStartWithoutSayingThePassword() throws Exception {
        Path keystore = folder.resolve("operator-signing.p12");
        fixtures.signer("CN=Op,O=Caducee,C=FR", "postmaster@caducee.localhost")
            .writePkcs12(keystore, SECRET, "operator-signing");

        assertThatThrownBy(() -> SigningKey.load(keystore, "autre".toCharArray(), SmimeFixtures.NOW))
            .isInstanceOf(SigningKey.SigningKeyException.class)
            .hasMessageContaining(keystore.toString()).hasMessageContaining("cannot be opened")
            .hasMessageNotContaining("autre");
    }

    @Test
    void aMissingKeystoreIsNamed() {
        Path missing = folder.resolve("absent.p12");

        assertThatThrownBy(() -> SigningKey.load(missing, SECRET, SmimeFixtures.NOW))
            .hasMessageContaining(missing.toString());
    }

    @Test
    void anExpiredCertificateIsRefusedWithItsDate() {
        IssuedCertificate expired = fixtures.root.issue(SigningRequest.of("CN=Op,O=Caducee,C=FR",
            "postmaster@caducee.localhost").validity(SmimeFixtures.NOW.minus(Duration.ofDays(10)),
            SmimeFixtures.NOW.minus(Duration.ofDays(1))));

        assertThatThrownBy(() -> SigningKey.of(expired.privateKey(), expired.chain(), SmimeFixtures.NOW, "k.p12"))
            .hasMessageContaining("expired on " + expired.certificate().getNotAfter().toInstant());
    }

    @Test
    void aTlsCertificateWithoutEmailProtectionIsRefused() {
        IssuedCertificate tls = fixtures.root.issue(LeafRequest.builder("caducee.localhost").serverAuth(true).build());

        assertThatThrownBy(() -> SigningKey.of(tls.privateKey(), tls.chain(), SmimeFixtures.NOW, "server.p12"))
            .hasMessageContaining("emailProtection");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() {
        IssuedCertificate one = fixtures.signer("CN=Un,O=Caducee,C=FR", "un@caducee.localhost");
        IssuedCertificate other = fixtures.signer("CN=Autre,O=Caducee,C=FR", "autre@caducee.localhost");

        assertThatThrownBy(() -> SigningKey.of(other.privateKey(), one.chain(), SmimeFixtures.NOW, "k.p12"))
            .hasMessageContaining("does not match");
    }

    /** A key as a careless sender would use it: no check of its certificate's purposes. */
    static SigningKey unchecked(IssuedCertificate certificate) throws Exception {
        java.lang.reflect.Constructor<SigningKey> constructor = SigningKey.class.getDeclaredConstructor(
            java.security.PrivateKey.class, List.class);
        constructor.setAccessible(true);
        return constructor.newInstance(certificate.privateKey(), certificate.chain());
    }
}
