package fr.caducee.identity.smime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;

import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.KeyAlgorithm;

class ServerSignerTest {
    private final SmimeFixtures fixtures = new SmimeFixtures();
    private final IssuedCertificate operator = fixtures.signer(
        "CN=Caducee operator signature,O=Caducee,C=FR", "postmaster@caducee.localhost");
    private final ServerSigner signer = new ServerSigner(fixtures.key(operator));

    @TempDir
    Path folder;

    @Test
    void signedNoticeIsMultipartSignedWithSha256AndThePkcs7Signature() throws Exception {
        MimeMessage signed = SmimeFixtures.parse(SmimeFixtures.bytes(signer.sign(SmimeFixtures.notice())));

        ContentType type = new ContentType(signed.getContentType());
        assertThat(type.getBaseType()).isEqualTo("multipart/signed");
        assertThat(type.getParameter("protocol")).isEqualTo("application/pkcs7-signature");
        assertThat(type.getParameter("micalg")).isEqualTo("sha-256");
        Multipart parts = (Multipart) signed.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(1).isMimeType("application/pkcs7-signature")).isTrue();
    }

    @Test
    void originalsHeadersStayOutsideAndItsContentHeadersMoveInside() throws Exception {
        MimeMessage signed = SmimeFixtures.parse(SmimeFixtures.bytes(signer.sign(SmimeFixtures.notice())));

        assertThat(signed.getHeader("From", null)).isEqualTo("urgences@chu-exemple.fr");
        assertThat(signed.getHeader("To", null)).isEqualTo("dr.martin@caducee.localhost");
        assertThat(signed.getSubject()).isEqualTo("Arrivée aux urgences");
        assertThat(signed.getMessageID()).isEqualTo("<notice-1@caducee.localhost>");
        assertThat(signed.getHeader("In-Reply-To", null)).isEqualTo("<earlier@caducee.localhost>");
        assertThat(signed.getHeader("Disposition-Notification-To", null)).isEqualTo("urgences@chu-exemple.fr");
        assertThat(signed.getHeader("X-MSS-NIL", null)).isEqualTo("Caducee/0.1");
        assertThat(signed.getHeader("X-MSS-INS", null)).isEqualTo("N");
        assertThat(signed.getHeader("Content-Transfer-Encoding")).isNull();
        Part content = ((Multipart) signed.getContent()).getBodyPart(0);
        assertThat(content.getContentType()).isEqualTo("text/plain; charset=UTF-8");
        assertThat(content.getHeader("Content-Transfer-Encoding")).containsExactly("quoted-printable");
        assertThat(content.getHeader("From")).isNull();
        assertThat((String) content.getContent()).contains("Votre patient est arrivé aux urgences");
    }

    @Test
    void signatureVerifiesAfterTheMessageIsWrittenAndReadBack() throws Exception {
        MimeMessage signed = SmimeFixtures.parse(SmimeFixtures.bytes(signer.sign(SmimeFixtures.notice())));

        Optional<SignatureResult> result = new SignatureVerifier(fixtures.validator(folder),
            java.time.Clock.systemUTC()).verify(signed);

        assertThat(result).get().extracting(SignatureResult::status).isEqualTo(SignatureResult.Status.VALID);
        assertThat(result.get().signer()).isEqualTo("CN=Caducee operator signature,O=Caducee,C=FR");
        assertThat(result.get().email()).contains("postmaster@caducee.localhost");
    }

    @Test
    void dsnWithItsHundredKilobyteOriginalIsSignedAndVerifies() throws Exception {
        MimeMessage signed = SmimeFixtures.parse(SmimeFixtures.bytes(signer.sign(SmimeFixtures.dsn(100))));

        assertThat(SmimeFixtures.bytes(signed).length).isGreaterThan(100 * 1024);
        Part report = ((Multipart) signed.getContent()).getBodyPart(0);
        assertThat(report.isMimeType("multipart/report")).isTrue();
        assertThat(((Multipart) report.getContent()).getCount()).isEqualTo(3);
        assertThat(new SignatureVerifier(fixtures.validator(folder), java.time.Clock.systemUTC()).verify(signed))
            .get().extracting(SignatureResult::status).isEqualTo(SignatureResult.Status.VALID);
    }

    @Test
    void anEllipticCurveKeySignsWithEcdsa() throws Exception {
        IssuedCertificate ec = fixtures.signer("CN=Caducee EC signature,O=Caducee,C=FR", "postmaster@caducee.localhost",
            KeyAlgorithm.EC_P256);
        MimeMessage signed = SmimeFixtures.parse(SmimeFixtures.bytes(
            new ServerSigner(fixtures.key(ec)).sign(SmimeFixtures.notice())));

        assertThat(new SignatureVerifier(fixtures.validator(folder), java.time.Clock.systemUTC()).verify(signed))
            .get().extracting(SignatureResult::status).isEqualTo(SignatureResult.Status.VALID);
    }

    @Test
    void aMessageWithoutContentTypeIsSignedAsTheTextItIs() throws Exception {
        MimeMessage plain = SmimeFixtures.parse("""
            From: postmaster@caducee.localhost
            To: dr.durand@caducee.localhost
            Subject: Sans type
            Message-ID: <plain@caducee.localhost>

            Du texte.
            """);

        MimeMessage signed = SmimeFixtures.parse(SmimeFixtures.bytes(signer.sign(plain)));

        Part content = ((Multipart) signed.getContent()).getBodyPart(0);
        assertThat(content.getContentType()).isEqualTo("text/plain; charset=us-ascii");
        assertThat((String) content.getContent()).isEqualTo("Du texte.\r\n");
    }

    @Test
    void aMessageComposedInMemoryIsSignedWithItsMessageId() throws Exception {
        MimeMessage composed = new MimeMessage(SmimeFixtures.SESSION);
        composed.setFrom("dmp@caducee.localhost");
        composed.setSubject("Un nouveau document", "UTF-8");
        composed.setText("Un document a été ajouté à votre dossier.", "UTF-8");
        composed.saveChanges();
        composed.setHeader("Message-ID", "<composed@caducee.localhost>");

        MimeMessage signed = SmimeFixtures.parse(SmimeFixtures.bytes(signer.sign(composed)));

        assertThat(signed.getMessageID()).isEqualTo("<composed@caducee.localhost>");
        assertThat((String) ((Multipart) signed.getContent()).getBodyPart(0).getContent())
            .isEqualTo("Un document a été ajouté à votre dossier.");
        assertThat(new SignatureVerifier(fixtures.validator(folder), java.time.Clock.systemUTC()).verify(signed))
            .get().extracting(SignatureResult::status).isEqualTo(SignatureResult.Status.VALID);
    }

    @Test
    void anAlreadySignedMessageIsNotSignedTwice() throws Exception {
        MimeMessage once = signer.sign(SmimeFixtures.notice());

        assertThat(signer.sign(once)).isSameAs(once);
        assertThat(ServerSigner.isSigned(once)).isTrue();
        assertThat(ServerSigner.isSigned(SmimeFixtures.notice())).isFalse();
    }

    @Test
    void opaqueSignedDataCountsAsSignedButEnvelopedDataDoesNot() throws Exception {
        assertThat(ServerSigner.isSigned(SmimeFixtures.parse(
            "Content-Type: application/pkcs7-mime; smime-type=signed-data; name=smime.p7m\n\nMIIB\n"))).isTrue();
        assertThat(ServerSigner.isSigned(SmimeFixtures.parse(
            "Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\n\nMIIB\n"))).isFalse();
    }
}
