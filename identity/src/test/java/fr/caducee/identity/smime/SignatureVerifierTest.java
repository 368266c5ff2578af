package fr.caducee.identity.smime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;

import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.trust.certificate.CertificateValidator;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;
import fr.caducee.trust.pki.SigningRequest;

class SignatureVerifierTest {
    private static final Clock CLOCK = Clock.fixed(SmimeFixtures.NOW, ZoneOffset.UTC);

    private final SmimeFixtures fixtures = new SmimeFixtures();
    private final IssuedCertificate hospital = fixtures.signer("CN=Dr Claire Martin,O=CH Exemple,C=FR",
        "dr.martin@chu-exemple.fr");

    @TempDir
    Path folder;

    @Test
    void aSignatureByACertificateOfTheAnchorsIsValidWithItsSignerAndAddress() throws Exception {
        Optional<SignatureResult> result = verifier().verify(signedBy(hospital));

        assertThat(result).contains(SignatureResult.valid("CN=Dr Claire Martin,O=CH Exemple,C=FR",
            Optional.of("dr.martin@chu-exemple.fr")));
    }

    @Test
    void aMessageChangedAfterItWasSignedIsInvalid() throws Exception {
        String text = new String(SmimeFixtures.bytes(signedBy(hospital)), StandardCharsets.UTF_8);
        MimeMessage altered = SmimeFixtures.parse(text.replace("Votre patient", "Votre pAtient")
            .getBytes(StandardCharsets.UTF_8));

        SignatureResult result = verifier().verify(altered).orElseThrow();

        assertThat(result.status()).isEqualTo(SignatureResult.Status.INVALID);
        assertThat(result.signer()).isEqualTo("CN=Dr Claire Martin,O=CH Exemple,C=FR");
        assertThat(result.reason()).contains("altered");
    }

    @Test
    void aSignerFromAnotherCaIsUntrusted() throws Exception {
        CertificateAuthority rogue = CertificateAuthority.createRoot("Autre AC",
            SmimeFixtures.NOW.minus(Duration.ofDays(1)), SmimeFixtures.NOW.plus(Duration.ofDays(30)));
        IssuedCertificate stranger = rogue.issue(SigningRequest.of("CN=Inconnu,O=Ailleurs,C=FR", "x@ailleurs.fr"));

        SignatureResult result = verifier().verify(signedBy(stranger)).orElseThrow();

        assertThat(result.status()).isEqualTo(SignatureResult.Status.UNTRUSTED);
        assertThat(result.reason()).contains("does not chain to a trust anchor");
    }

    @Test
    void aRevokedSignerIsUntrusted() throws Exception {
        CertificateValidator validator = fixtures.validator(folder, hospital.certificate());

        SignatureResult result = new SignatureVerifier(validator, CLOCK).verify(signedBy(hospital)).orElseThrow();

        assertThat(result.status()).isEqualTo(SignatureResult.Status.UNTRUSTED);
        assertThat(result.reason()).contains("was revoked");
    }

    @Test
    void aSignerExpiredSinceItSignedIsUntrusted() throws Exception {
        IssuedCertificate shortLived = fixtures.root.issue(SigningRequest.of("CN=Bref,O=CH Exemple,C=FR",
            "bref@chu-exemple.fr").validFor(Duration.ofHours(2)));
        MimeMessage signed = signedBy(shortLived);

        SignatureResult result = new SignatureVerifier(fixtures.validator(folder),
            Clock.fixed(SmimeFixtures.NOW.plus(Duration.ofDays(2)), ZoneOffset.UTC)).verify(signed).orElseThrow();

        assertThat(result.status()).isEqualTo(SignatureResult.Status.UNTRUSTED);
        assertThat(result.reason()).contains("expired");
    }

    @Test
    void aCertificateForTlsClientsOnlyIsNotTakenForMail() throws Exception {
        IssuedCertificate tlsOnly = fixtures.root.issue(LeafRequest.builder("dpi.chu-exemple.fr").clientAuth(true)
            .build());
        MimeMessage signed = SmimeFixtures.parse(SmimeFixtures.bytes(new ServerSigner(
            SigningKeyTest.unchecked(tlsOnly)).sign(SmimeFixtures.notice())));

        SignatureResult result = verifier().verify(signed).orElseThrow();

        assertThat(result.status()).isEqualTo(SignatureResult.Status.UNTRUSTED);
        assertThat(result.reason()).contains("not for e-mail");
    }

    @Test
    void aSignatureThatIsNotPkcs7IsUnreadableHenceInvalid() throws Exception {
        MimeMessage broken = SmimeFixtures.parse("""
            From: x@chu-exemple.fr
            Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary=b

            --b
            Content-Type: text/plain

            Bonjour
            --b
            Content-Type: application/pkcs7-signature; name=smime.p7s
            Content-Transfer-Encoding: base64

            bm90IGEgc2lnbmF0dXJl
            --b--
            """);

        SignatureResult result = verifier().verify(broken).orElseThrow();

        assertThat(result.status()).isEqualTo(SignatureResult.Status.INVALID);
        assertThat(result.reason()).startsWith("the signature cannot be read");
    }

    @Test
    void unsignedAndPgpSignedMessagesHaveNoResult() throws Exception {
        MimeMessage pgp = SmimeFixtures.parse("""
            Content-Type: multipart/signed; protocol="application/pgp-signature"; micalg=pgp-sha256; boundary=b

            --b
            Content-Type: text/plain

            Bonjour
            --b
            Content-Type: application/pgp-signature

            -----BEGIN PGP SIGNATURE-----
            --b--
            """);

        assertThat(verifier().verify(SmimeFixtures.notice())).isEmpty();
        assertThat(verifier().verify(pgp)).isEmpty();
    }

    private SignatureVerifier verifier() throws Exception {
        return new SignatureVerifier(fixtures.validator(folder), CLOCK);
    }

    private MimeMessage signedBy(IssuedCertificate certificate) throws Exception {
        return SmimeFixtures.parse(SmimeFixtures.bytes(new ServerSigner(fixtures.key(certificate))
            .sign(SmimeFixtures.notice())));
    }
}
