package fr.caducee.trust.revocation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.trust.source.RefreshSchedule;
import fr.caducee.trust.source.RefreshedSource;

/**
 * The certificate revocation lists (CRLs) of the trust space's certification authorities, read from files or
 * {@code http(s)://} URLs, checked once when read, kept in memory and refreshed on a schedule.
 *
 * <p>A list is taken only if it is signed by one of the trust anchors (put the issuing CAs of IGC-Santé in
 * {@code trust-anchors/}), has a nextUpdate still to come and is not older than the list it replaces. A source that
 * cannot be read or serves a list that fails these checks keeps its last good list, which path validation stops
 * using once its nextUpdate has passed: certificates of that CA then cannot be checked, and are deferred, never
 * let through.
 */
public final class RevocationLists implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(RevocationLists.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Clocks of the CA and of this server may differ a little. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** IGC-Santé's largest lists are a few megabytes; far more is not a CRL. */
    private static final int MAX_BYTES = 256 * 1024 * 1024;
    /** Lists are signed: plain HTTP, and redirects, are how CAs publish them. */
    private static final RefreshedSource.Options READING = new RefreshedSource.Options("CRL source", true, true, null,
        TIMEOUT, MAX_BYTES);

    private final List<String> sources;
    /** Replaced by {@link #useAnchors} when the server reloads its trust material. */
    private volatile List<X509Certificate> anchors;
    private final Clock clock;
    /** Each source, with the fingerprint of its list in force: an unchanged list (the usual case) is not parsed again. */
    private final Map<String, RefreshedSource> readers = new LinkedHashMap<>();
    private final Map<String, RevocationList> bySource = new ConcurrentHashMap<>();
    /** Read by path validation while refreshes replace lists one by one: a copy-on-write list never tears. */
    private final CopyOnWriteArrayList<RevocationList> inForce = new CopyOnWriteArrayList<>();
    private RefreshSchedule schedule;

    /** A list in force, with the trust anchor that signed it: the CA whose certificates it speaks for. */
    public record RevocationList(X509CRL crl, X509Certificate issuer) {
    }

    public RevocationLists(List<String> sources, Collection<X509Certificate> anchors, Clock clock) {
        this.sources = List.copyOf(sources);
        this.anchors = List.copyOf(anchors);
        this.clock = clock;
        for (String source : this.sources) {
            if (!isUrl(source) && source.contains("://")) {
                throw new IllegalArgumentException("CRL source " + source + ": only files and http(s) URLs are supported");
            }
            readers.put(source, RefreshedSource.of(source, READING));
        }
    }

    public List<String> sources() {
        return sources;
    }

    /** The CA certificates a list must be signed by. */
    public List<X509Certificate> anchors() {
        return anchors;
    }

    public List<RevocationList> inForce() {
        return List.copyOf(inForce);
    }

    /**
     * The lists in force of the CA that issued the certificate: same name, and the CA's key is the one that signed
     * the certificate (two CAs may share a name, as every development root does).
     */
    public List<RevocationList> listsFor(X509Certificate certificate) {
        List<RevocationList> lists = new ArrayList<>(1);
        for (RevocationList list : inForce) {
            if (list.crl().getIssuerX500Principal().equals(certificate.getIssuerX500Principal())
                    && issuedBy(certificate, list.issuer())) {
                lists.add(list);
            }
        }
        return lists;
    }

    /** Anchors for which no list is in force: certificates they issued cannot be checked for revocation. */
    public List<X509Certificate> anchorsWithoutList() {
        return anchors.stream().filter(anchor -> inForce.stream().noneMatch(list -> list.issuer().equals(anchor))).toList();
    }

    /**
     * Whether the authority's key signed the certificate. Path validation has just verified that signature with the
     * same key, and the JDK remembers the last key a certificate verified with, so this costs nothing in the usual
     * case.
     */
    private static boolean issuedBy(X509Certificate certificate, X509Certificate authority) {
        try {
            certificate.verify(authority.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Withdraws the lists whose nextUpdate has passed, and says so. */
    public void withdrawExpired(Instant now) {
        for (RevocationList list : inForce) {
            X509CRL crl = list.crl();
            if (crl.getNextUpdate().toInstant().isBefore(now) && inForce.removeIf(inList -> inList == list)) {
                LOGGER.warn("CRL of {} expired on {} and no newer list was obtained: its certificates cannot be checked "
                    + "until one is", crl.getIssuerX500Principal().getName(), crl.getNextUpdate().toInstant());
            }
        }
    }

    /** A source that could not be refreshed, and why. */
    public record Failure(String source, String reason) {
        /** A file, as opposed to a URL: its failure is a configuration mistake rather than a network incident. */
        public boolean local() {
            return !isUrl(source);
        }

        @Override
        public String toString() {
            return source + ": " + reason;
        }
    }

    /** Reads every source now; returns the sources that failed, empty when all are in force. */
    public synchronized List<Failure> refreshNow() {
        List<Failure> failures = new ArrayList<>();
        withdrawExpired(clock.instant());
        for (String source : sources) {
            RefreshedSource reader = readers.get(source);
            try {
                byte[] content = reader.read();
                if (reader.isLastGood(content) && bySource.containsKey(source)) {
                    continue;
                }
                RevocationList fresh = check(source, parse(source, content));
                reader.markGood(content);
                RevocationList previous = bySource.put(source, fresh);
                inForce.add(fresh);
                if (previous != null) {
                    inForce.removeIf(list -> list == previous);
                }
                LOGGER.info("CRL {}: {} entries from {}, next update {}", source, count(fresh.crl()),
                    fresh.crl().getIssuerX500Principal().getName(), fresh.crl().getNextUpdate().toInstant());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(new Failure(source, "interrupted"));
            } catch (IOException | InvalidListException e) {
                failures.add(new Failure(source, e.getMessage()));
                LOGGER.warn("CRL {} not refreshed, the last good list stays in force until its next update: {}",
                    source, e.getMessage());
            }
        }
        return failures;
    }

    /**
     * Takes the anchors a reload of the server's trust material put in force: a list in force whose CA is no longer
     * an anchor is withdrawn, then every source is read again (a list whose file changed is taken now).
     *
     * @return the sources that failed, empty when all are in force
     */
    public synchronized List<Failure> useAnchors(Collection<X509Certificate> certificates) {
        anchors = List.copyOf(certificates);
        for (Map.Entry<String, RevocationList> entry : List.copyOf(bySource.entrySet())) {
            if (!anchors.contains(entry.getValue().issuer())) {
                bySource.remove(entry.getKey());
                inForce.removeIf(list -> list == entry.getValue());
                LOGGER.info("CRL {} withdrawn: its CA {} is no longer a trust anchor", entry.getKey(),
                    entry.getValue().issuer().getSubjectX500Principal().getName());
            }
        }
        return refreshNow();
    }

    /** Refreshes every {@code period} in the background until {@link #close()}. */
    public synchronized void start(Duration period) {
        if (schedule != null) {
            return;
        }
        schedule = RefreshSchedule.on("crl-refresh").every(period, period, this::refreshNow)
            // Outbound TLS reads the lists through the JDK alone: expired lists are withdrawn between refreshes too.
            .every(Duration.ofSeconds(1), Duration.ofSeconds(1), () -> withdrawExpired(clock.instant()));
    }

    @Override
    public synchronized void close() {
        if (schedule != null) {
            schedule.close();
            schedule = null;
        }
    }

    private static boolean isUrl(String source) {
        return RefreshedSource.isUrl(source);
    }

    private static X509CRL parse(String source, byte[] content) throws InvalidListException {
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(content));
        } catch (CertificateException | CRLException | ClassCastException e) {
            throw new InvalidListException("not a certificate revocation list (PEM or DER): " + e.getMessage());
        }
    }

    private RevocationList check(String source, X509CRL crl) throws InvalidListException {
        String issuer = crl.getIssuerX500Principal().getName();
        X509Certificate signer = anchors.stream()
            .filter(anchor -> anchor.getSubjectX500Principal().equals(crl.getIssuerX500Principal()))
            .filter(anchor -> verifies(crl, anchor))
            .findFirst()
            .orElseThrow(() -> new InvalidListException("issued by " + issuer
                + ", which is not a trust anchor or did not sign it: its CA certificate must be in trust-anchors/"));
        Instant now = clock.instant();
        if (crl.getNextUpdate() == null) {
            throw new InvalidListException("has no nextUpdate: its freshness cannot be judged");
        }
        if (crl.getNextUpdate().toInstant().isBefore(now)) {
            throw new InvalidListException("expired on " + crl.getNextUpdate().toInstant() + " (issuer " + issuer + ")");
        }
        if (crl.getThisUpdate().toInstant().isAfter(now.plus(CLOCK_SKEW))) {
            throw new InvalidListException("dated " + crl.getThisUpdate().toInstant() + ", in the future");
        }
        Optional<X509CRL> current = Optional.ofNullable(bySource.get(source)).map(RevocationList::crl);
        if (current.isPresent() && crl.getThisUpdate().before(current.get().getThisUpdate())) {
            throw new InvalidListException("dated " + crl.getThisUpdate().toInstant()
                + ", older than the list in force (" + current.get().getThisUpdate().toInstant() + ")");
        }
        return new RevocationList(crl, signer);
    }

    private static boolean verifies(X509CRL crl, X509Certificate anchor) {
        try {
            crl.verify(anchor.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static int count(X509CRL crl) {
        return crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size();
    }

    /** A list that was read but must not be used. */
    static final class InvalidListException extends Exception {
        InvalidListException(String message) {
            super(message);
        }
    }
}
