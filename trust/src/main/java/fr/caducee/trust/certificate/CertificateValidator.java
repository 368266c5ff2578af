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
import java.util.Optional;
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
    /** Replaced together by {@link #useAnchors}: a validation reads the pair once. */
    private volatile Anchors anchors;
    private final RevocationLists revocationLists;

    private record Anchors(Set<TrustAnchor> trusted, List<X509Certificate> certificates) {
        static Anchors of(Collection<X509Certificate> certificates) {
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("no trust anchor: every peer would be refused");
            }
            return new Anchors(certificates.stream().map(anchor -> new TrustAnchor(anchor, null))
                .collect(Collectors.toUnmodifiableSet()), List.copyOf(certificates));
        }
    }

    public CertificateValidator(Collection<X509Certificate> anchors, RevocationLists revocationLists) {
        this.anchors = Anchors.of(anchors);
        this.revocationLists = revocationLists;
    }

    /** The anchors a reload of the server's trust material put in force: for the validations that start from now. */
    public void useAnchors(Collection<X509Certificate> certificates) {
        this.anchors = Anchors.of(certificates);
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

    /**
     * A chain found valid, and how long that verdict holds without validating the chain again: while the same
     * revocation lists are in force (a refresh that replaces or withdraws one, even with the same content, ends it) and
     * until the first of its certificates or of those lists expires. Path validation is the largest share of a peer's
     * MAIL FROM; a connection carrying many messages pays it once, and again as soon as anything it depends on changes.
     */
    public static final class ValidChain {
        private final List<X509Certificate> chain;
        private final List<RevocationLists.RevocationList> lists;
        private final Instant until;

        private ValidChain(List<X509Certificate> chain, List<RevocationLists.RevocationList> lists, Instant until) {
            this.chain = chain;
            this.lists = lists;
            this.until = until;
        }

        /** The instant from which the verdict no longer holds. */
        public Instant until() {
            return until;
        }

        boolean holds(List<X509Certificate> presented, List<RevocationLists.RevocationList> inForce, Instant at) {
            return at.isBefore(until) && chain.equals(presented) && sameLists(inForce);
        }

        private boolean sameLists(List<RevocationLists.RevocationList> inForce) {
            if (inForce.size() != lists.size()) {
                return false;
            }
            for (int i = 0; i < lists.size(); i++) {
                if (inForce.get(i) != lists.get(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A verdict, with what makes it reusable when it is VALID (empty otherwise). */
    public record Checked(Verdict verdict, Optional<ValidChain> reusable) {
    }

    /**
     * As {@link #validate}, unless {@code earlier}, an earlier VALID verdict for the same connection, still holds for
     * this chain at this instant (see {@link ValidChain}).
     */
    public Checked check(List<X509Certificate> chain, Instant at, Optional<ValidChain> earlier) {
        // Read before validating: a refresh during the validation then makes the next check validate again.
        List<RevocationLists.RevocationList> lists = revocationLists.inForce();
        if (earlier.isPresent() && earlier.get().holds(chain, lists, at)) {
            return new Checked(Verdict.VALID, earlier);
        }
        Verdict verdict = validate(chain, at);
        if (!verdict.valid()) {
            return new Checked(verdict, Optional.empty());
        }
        Instant until = Instant.MAX;
        for (X509Certificate certificate : chain) {
            until = earliest(until, certificate.getNotAfter().toInstant());
        }
        for (RevocationLists.RevocationList list : lists) {
            until = earliest(until, list.crl().getNextUpdate().toInstant());
        }
        return new Checked(verdict, Optional.of(new ValidChain(List.copyOf(chain), lists, until)));
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** @param chain the peer's certificates as sent in the handshake, leaf first */
    public Verdict validate(List<X509Certificate> chain, Instant at) {
        Anchors current = anchors;
        List<X509Certificate> path = withoutAnchors(chain, current.certificates());
        if (path.isEmpty()) {
            return new Verdict(Outcome.REFUSED, Problem.UNTRUSTED, "The peer presented a CA certificate, not its own");
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(current.trusted());
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
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors.trusted(), new X509CertSelector());
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

    private static List<X509Certificate> withoutAnchors(List<X509Certificate> chain, List<X509Certificate> anchors) {
        List<X509Certificate> path = new ArrayList<>(chain);
        while (!path.isEmpty() && anchors.contains(path.get(path.size() - 1))) {
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
