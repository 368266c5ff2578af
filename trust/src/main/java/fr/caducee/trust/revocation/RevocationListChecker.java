package fr.caducee.trust.revocation;

import java.security.cert.CRLReason;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.Certificate;
import java.security.cert.CertificateRevokedException;
import java.security.cert.PKIXCertPathChecker;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The revocation step of the JDK's PKIX path validation, reading the {@link RevocationLists} of this server: each
 * certificate of the path must be covered by a current list of the CA that issued it, and not be on it.
 *
 * <p>Why not the JDK's own revocation checker over a CertStore: it puts every candidate list in hash sets, and
 * {@code X509CRL.hashCode()} hashes the list's whole encoding, four times per certificate checked; with a national
 * CA's list of 100,000 entries that is about 10 ms per check. Lists are verified once, when read; here a lookup is
 * the JDK's own hashed search of the list's entries.
 */
public final class RevocationListChecker extends PKIXCertPathChecker {
    private final RevocationLists lists;
    private final Clock clock;

    /** @param clock the moment of validation: a list past its nextUpdate at that moment covers nothing */
    public RevocationListChecker(RevocationLists lists, Clock clock) {
        this.lists = lists;
        this.clock = clock;
    }

    @Override
    public void init(boolean forward) throws CertPathValidatorException {
        if (forward) {
            throw new CertPathValidatorException("revocation is checked from the trust anchor down only");
        }
    }

    @Override
    public boolean isForwardCheckingSupported() {
        return false;
    }

    @Override
    public Set<String> getSupportedExtensions() {
        return null;
    }

    @Override
    public void check(Certificate certificate, Collection<String> unresolvedCriticalExtensions)
            throws CertPathValidatorException {
        X509Certificate x509 = (X509Certificate) certificate;
        Instant now = clock.instant();
        List<RevocationLists.RevocationList> current = lists.listsFor(x509).stream()
            .filter(list -> list.crl().getNextUpdate().toInstant().isAfter(now))
            .toList();
        if (current.isEmpty()) {
            throw new CertPathValidatorException("no current revocation list from " + x509.getIssuerX500Principal().getName(),
                null, null, -1, BasicReason.UNDETERMINED_REVOCATION_STATUS);
        }
        for (RevocationLists.RevocationList list : current) {
            X509CRLEntry entry = list.crl().getRevokedCertificate(x509);
            if (entry != null && !entry.getRevocationDate().toInstant().isAfter(now)) {
                CRLReason reason = entry.getRevocationReason() == null ? CRLReason.UNSPECIFIED : entry.getRevocationReason();
                throw new CertPathValidatorException("revoked on " + entry.getRevocationDate().toInstant(),
                    new CertificateRevokedException(entry.getRevocationDate(), reason, list.crl().getIssuerX500Principal(), Map.of()),
                    null, -1, BasicReason.REVOKED);
            }
        }
    }
}
