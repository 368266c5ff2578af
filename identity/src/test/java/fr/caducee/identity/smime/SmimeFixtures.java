package fr.caducee.identity.smime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import fr.caducee.testkit.ServerMessages;
import fr.caducee.trust.certificate.CertificateValidator;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.KeyAlgorithm;
import fr.caducee.trust.pki.Pem;
import fr.caducee.trust.pki.SigningRequest;
import fr.caducee.trust.revocation.RevocationLists;

/** A test IGC-Santé with its revocation list, signers it certifies, and messages as bytes. */
final class SmimeFixtures {
    static final Instant NOW = Instant.now();
    static final Session SESSION = Session.getInstance(new Properties());

    final CertificateAuthority root = CertificateAuthority.createRoot("IGC-Santé de test",
        NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(3650)));

    IssuedCertificate signer(String subject, String email) {
        return root.issue(SigningRequest.of(subject, email));
    }

    IssuedCertificate signer(String subject, String email, KeyAlgorithm algorithm) {
        SigningRequest request = SigningRequest.of(subject, email);
        return root.issue(new SigningRequest(subject, email, request.notBefore(), request.notAfter(), algorithm));
    }

    SigningKey key(IssuedCertificate certificate) {
        return SigningKey.of(certificate.privateKey(), certificate.chain(), NOW, "test");
    }

    /** A validator trusting {@link #root}, whose list revokes these certificates. */
    CertificateValidator validator(Path folder, X509Certificate... revoked) throws IOException {
        List<CertificateAuthority.Revocation> revocations = java.util.Arrays.stream(revoked)
            .map(certificate -> CertificateAuthority.Revocation.of(certificate, NOW.minus(Duration.ofHours(1))))
            .toList();
        Path crl = folder.resolve("igc-sante-test.crl");
        Pem.writeRevocationList(crl, root.issueRevocationList(revocations, NOW.minus(Duration.ofHours(2)),
            NOW.plus(Duration.ofDays(7))));
        RevocationLists lists = new RevocationLists(List.of(crl.toString()), List.of(root.certificate()),
            Clock.fixed(NOW, ZoneOffset.UTC));
        lists.refreshNow();
        return new CertificateValidator(List.of(root.certificate()), lists);
    }

    static MimeMessage parse(String text) throws MessagingException {
        return parse(text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    static MimeMessage parse(byte[] bytes) throws MessagingException {
        return new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
    }

    static byte[] bytes(MimeMessage message) throws IOException, MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    /** The server's notice to a GP: text, with the MSSanté headers receivers read. */
    static MimeMessage notice() throws MessagingException {
        return parse("""
            Return-Path: <>
            Received: from localhost by caducee.localhost; Mon, 7 Dec 2026 10:15:00 +0100
            From: urgences@chu-exemple.fr
            To: dr.martin@caducee.localhost
            Subject: =?UTF-8?Q?Arriv=C3=A9e_aux_urgences?=
            Date: Mon, 7 Dec 2026 10:15:00 +0100
            Message-ID: <notice-1@caducee.localhost>
            In-Reply-To: <earlier@caducee.localhost>
            Disposition-Notification-To: urgences@chu-exemple.fr
            X-MSS-NIL: Caducee/0.1
            X-MSS-INS: N
            MIME-Version: 1.0
            Content-Type: text/plain; charset=UTF-8
            Content-Transfer-Encoding: quoted-printable

            Votre patient est arriv=C3=A9 aux urgences du CH Exemple =C3=A0 10 h 15.
            Aucun diagnostic n'est transmis par ce message.
            """);
    }

    /** A DSN of James's form, with the original message (about {@code kilobytes} KB) attached. */
    static MimeMessage dsn(int kilobytes) throws MessagingException {
        return parse(ServerMessages.dsn(kilobytes));
    }
}
