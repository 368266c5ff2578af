package fr.caducee.server.smime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import fr.caducee.identity.smime.ServerSigner;
import fr.caducee.identity.smime.SignatureVerifier;
import fr.caducee.identity.smime.SigningKey;
import fr.caducee.trust.certificate.CertificateValidator;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.Pem;
import fr.caducee.trust.pki.SigningRequest;
import fr.caducee.trust.revocation.RevocationLists;

/** A test CA with its revocation list, the operator's signer, and messages to sign. */
final class TestSignatures {
    static final Instant NOW = Instant.now();

    final CertificateAuthority root = CertificateAuthority.createRoot("IGC-Santé de test",
        NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)));
    final IssuedCertificate operator = root.issue(SigningRequest.of("CN=Caducee operator signature,O=Caducee,C=FR",
        "postmaster@caducee.localhost"));
    final ServerSigner signer = new ServerSigner(SigningKey.of(operator.privateKey(), operator.chain(), NOW, "test"));

    OperatorSignature signature(boolean sign, boolean verify) {
        return new OperatorSignature(sign ? Optional.of(signer) : Optional.empty(), verify);
    }

    SignatureVerifier verifier(Path folder) throws Exception {
        Path crl = folder.resolve("test.crl");
        Pem.writeRevocationList(crl, root.issueRevocationList(List.of(), NOW.minus(Duration.ofHours(1)),
            NOW.plus(Duration.ofDays(7))));
        RevocationLists lists = new RevocationLists(List.of(crl.toString()), List.of(root.certificate()),
            Clock.systemUTC());
        lists.refreshNow();
        return new SignatureVerifier(new CertificateValidator(List.of(root.certificate()), lists), Clock.systemUTC());
    }

    static MimeMessage message(String text) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    static MimeMessage notice() throws Exception {
        return message("""
            From: dmp@caducee.localhost
            To: 146026322000196@patient.caducee.localhost
            Subject: Un nouveau document
            Message-ID: <notice-1@caducee.localhost>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=us-ascii

            Un nouveau document est dans votre dossier.
            """);
    }

    static byte[] bytes(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }
}
