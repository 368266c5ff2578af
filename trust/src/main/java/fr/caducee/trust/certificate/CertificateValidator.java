package fr.caducee.trust.certificate;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateRevokedException;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import fr.caducee.trust.revocation.RevocationListChecker;
import fr.caducee.trust.revocation.RevocationLists;

/**
 * RFC 5280 path validation of a peer operator's certificate by the JDK: it must chain to a trust anchor, every
 * certificate of the chain must be in its validity period, and none may be on its CA's revocation list. Revocation is
 * read only from the {@link RevocationLists} (no OCSP, no fetching from the certificate's distribution points; see
 * {@link RevocationListChecker}), and a certificate whose CA has no current list cannot be judged: that is told apart
 * from a refusal, so that callers defer rather than refuse for good.
 */
public final class CertificateValidator {
    private final Set<TrustAnchor> anchors;
    private final List<X509Certificate> anchorCertificates;
    private final RevocationLists revocationLists;

    public CertificateValidator(Collection<X509Certificate> anchors, RevocationLists revocationLists) {
        this.anchorCertificates = List.copyOf(anchors);
        this.anchors = anchors.stream().map(anchor -> new TrustAnchor(anchor, null)).collect(Collectors.toUnmodifiableSet());
        this.revocationLists = revocationLists;
        if (this.anchors.isEmpty()) {
            throw new IllegalArgumentException("no trust anchor: every peer would be refused");
        }
    }

    public enum Outcome { VALID, REFUSED, UNDETERMINED }

    /** What is wrong with a certificate that is not valid; the SMTP rules name each in their catalogue. */
    public enum Problem { UNTRUSTED, EXPIRED, NOT_YET_VALID, REVOKED, REVOCATION_UNKNOWN }

    /** What path validation found, with what is wrong (null when valid) and a sentence for the peer's administrator. */
    public record Verdict(Outcome outcome, Problem problem, String sentence) {
        static final Verdict VALID = new Verdict(Outcome.VALID, null, "");

        public boolean valid() {
            return outcome == Outcome.VALID;
        }
    }

    /** @param chain the peer's certificates as sent in the handshake, leaf first */
    public Verdict validate(List<X509Certificate> chain, Instant at) {
        List<X509Certificate> path = withoutAnchors(chain);
        if (path.isEmpty()) {
            return new Verdict(Outcome.REFUSED, Problem.UNTRUSTED, "The peer presented a CA certificate, not its own");
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(certPath, withRevocationLists(parameters, Clock.fixed(at, ZoneOffset.UTC)));
            return Verdict.VALID;
        } catch (CertPathValidatorException e) {
            return explain(e, path);
        } catch (GeneralSecurityException e) {
            return new Verdict(Outcome.REFUSED, Problem.UNTRUSTED,
                "The certificate " + subject(path.get(0)) + " cannot be validated: " + e.getMessage());
        }
    }

    /**
     * A trust manager for our own TLS clients (delivery to other operators): the JDK's PKIX trust manager on the same
     * anchors and the same revocation lists, refreshed lists included.
     */
    public X509TrustManager trustManager() {
        try {
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, new X509CertSelector());
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(new CertPathTrustManagerParameters(withRevocationLists(parameters, Clock.systemUTC())));
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the PKIX trust manager factory returned no X509TrustManager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the trust manager of outbound TLS: " + e.getMessage(), e);
        }
    }

    /** Revocation from our lists only, in place of the JDK's checker: no OCSP, nothing the certificate points to. */
    private <P extends PKIXParameters> P withRevocationLists(P parameters, Clock clock) {
        parameters.setRevocationEnabled(false);
        parameters.setCertPathCheckers(List.of(new RevocationListChecker(revocationLists, clock)));
        return parameters;
    }

    private List<X509Certificate> withoutAnchors(List<X509Certificate> chain) {
        List<X509Certificate> path = new ArrayList<>(chain);
        while (!path.isEmpty() && anchorCertificates.contains(path.get(path.size() - 1))) {
            path.remove(path.size() - 1);
        }
        return path;
    }

    private static Verdict explain(CertPathValidatorException e, List<X509Certificate> path) {
        X509Certificate culprit = e.getIndex() >= 0 && e.getIndex() < path.size() ? path.get(e.getIndex()) : path.get(0);
        String which = culprit == path.get(0) ? "The certificate " + subject(culprit)
            : "The CA certificate " + subject(culprit) + " in the chain of " + subject(path.get(0));
        if (e.getReason() == BasicReason.EXPIRED) {
            return new Verdict(Outcome.REFUSED, Problem.EXPIRED,
                which + " expired on " + culprit.getNotAfter().toInstant() + ": it must be renewed");
        }
        if (e.getReason() == BasicReason.NOT_YET_VALID) {
            return new Verdict(Outcome.REFUSED, Problem.NOT_YET_VALID,
                which + " is not valid before " + culprit.getNotBefore().toInstant());
        }
        if (e.getReason() == BasicReason.REVOKED) {
            String when = e.getCause() instanceof CertificateRevokedException revoked
                ? " on " + revoked.getRevocationDate().toInstant() + " (reason: " + revoked.getRevocationReason() + ")"
                : "";
            return new Verdict(Outcome.REFUSED, Problem.REVOKED,
                which + " (serial " + culprit.getSerialNumber().toString(16) + ") was revoked by "
                    + culprit.getIssuerX500Principal().getName() + when + ": it is on its CA's revocation list (CRL)");
        }
        if (e.getReason() == BasicReason.UNDETERMINED_REVOCATION_STATUS) {
            return new Verdict(Outcome.UNDETERMINED, Problem.REVOCATION_UNKNOWN,
                "The revocation status of the " + which.substring(4) + " cannot be checked now: this server has no current "
                    + "revocation list (CRL) from " + culprit.getIssuerX500Principal().getName() + "; try again later");
        }
        return new Verdict(Outcome.REFUSED, Problem.UNTRUSTED,
            which + " does not chain to a trust anchor of this operator (" + e.getMessage() + ")");
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }
}
