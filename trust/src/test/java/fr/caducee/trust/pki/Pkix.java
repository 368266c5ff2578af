package fr.caducee.trust.pki;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Test helpers: RFC 5280 path validation by the JDK, and long-lived throw-away roots. */
public final class Pkix {
    private Pkix() {
    }

    /** Validates the leaf against a single anchor, now, without revocation (no CRL or OCSP exists for test CAs). */
    public static PKIXCertPathValidatorResult validate(X509Certificate leaf, X509Certificate anchor)
            throws GeneralSecurityException {
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        parameters.setRevocationEnabled(false);
        return (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }

    public static CertificateAuthority root(String commonName) {
        return root(commonName, KeyAlgorithm.EC_P256);
    }

    public static CertificateAuthority root(String commonName, KeyAlgorithm keyAlgorithm) {
        Instant now = Instant.now();
        return CertificateAuthority.createRoot(commonName, now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(3650)), keyAlgorithm);
    }
}
