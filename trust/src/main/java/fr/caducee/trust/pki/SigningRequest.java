package fr.caducee.trust.pki;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import javax.security.auth.x500.X500Principal;

/**
 * What an S/MIME signing certificate must say (RFC 8550): who signs (the subject DN), the address it signs for (an
 * rfc822Name), keyUsage digitalSignature and nonRepudiation, extendedKeyUsage emailProtection. The operator's
 * signature on the messages the server writes, and a test sender's.
 *
 * @param subject the whole subject DN (RFC 2253)
 * @param email   the address named in the subjectAltName
 */
public record SigningRequest(String subject, String email, Instant notBefore, Instant notAfter,
                             KeyAlgorithm keyAlgorithm) {

    public SigningRequest {
        new X500Principal(Objects.requireNonNull(subject, "subject"));
        if (email == null || email.indexOf('@') <= 0 || email.indexOf('@') == email.length() - 1) {
            throw new IllegalArgumentException("a signing certificate names an e-mail address, not '" + email + "'");
        }
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        if (!notBefore.isBefore(notAfter)) {
            throw new IllegalArgumentException("notBefore " + notBefore + " must precede notAfter " + notAfter);
        }
        Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
    }

    /** Valid from an hour ago for {@link LeafRequest#DEFAULT_VALIDITY}, with an RSA key as IGC-Santé issues them. */
    public static SigningRequest of(String subject, String email) {
        Instant now = Instant.now();
        return new SigningRequest(subject, email, now.minus(LeafRequest.DEFAULT_BACKDATING),
            now.plus(LeafRequest.DEFAULT_VALIDITY), KeyAlgorithm.RSA_3072);
    }

    public SigningRequest validity(Instant from, Instant until) {
        return new SigningRequest(subject, email, from, until, keyAlgorithm);
    }

    public SigningRequest validFor(Duration duration) {
        return validity(notBefore, notBefore.plus(duration));
    }
}
