package fr.caducee.trust.revocation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final long MAX_BYTES = 256L * 1024 * 1024;

    private final List<String> sources;
    private final List<X509Certificate> anchors;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final Map<String, RevocationList> bySource = new ConcurrentHashMap<>();
    /** What each source served last time: an unchanged list (the usual case) is not parsed and checked again. */
    private final Map<String, byte[]> lastDigest = new ConcurrentHashMap<>();
    /** Read by path validation while refreshes replace lists one by one: a copy-on-write list never tears. */
    private final CopyOnWriteArrayList<RevocationList> inForce = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService scheduler;

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
            try {
                byte[] content = read(source);
                byte[] digest = sha256(content);
                if (Arrays.equals(digest, lastDigest.get(source)) && bySource.containsKey(source)) {
                    continue;
                }
                RevocationList fresh = check(source, parse(source, content));
                lastDigest.put(source, digest);
                RevocationList previous = bySource.put(source, fresh);
                inForce.add(fresh);
                if (previous != null) {
                    inForce.removeIf(list -> list == previous);
                }
                LOGGER.info("CRL {}: {} entries from {}, next update {}", source, count(fresh.crl()),
                    fresh.crl().getIssuerX500Principal().getName(), fresh.crl().getNextUpdate().toInstant());
            } catch (IOException | InvalidListException e) {
                failures.add(new Failure(source, e.getMessage()));
                LOGGER.warn("CRL {} not refreshed, the last good list stays in force until its next update: {}",
                    source, e.getMessage());
            }
        }
        return failures;
    }

    /** Refreshes every {@code period} in the background until {@link #close()}. */
    public synchronized void start(Duration period) {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "crl-refresh");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::refreshNow, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        // Outbound TLS reads the lists through the JDK alone: expired lists are withdrawn between refreshes too.
        scheduler.scheduleWithFixedDelay(() -> withdrawExpired(clock.instant()), 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    private static boolean isUrl(String source) {
        String lower = source.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    private byte[] read(String source) throws IOException {
        if (!isUrl(source)) {
            Path file = Path.of(source);
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException("larger than " + MAX_BYTES + " bytes");
            }
            return Files.readAllBytes(file);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(source)).timeout(TIMEOUT).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode());
                }
                byte[] content = body.readNBytes((int) Math.min(MAX_BYTES + 1, Integer.MAX_VALUE - 8));
                if (content.length > MAX_BYTES) {
                    throw new IOException("larger than " + MAX_BYTES + " bytes");
                }
                return content;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK offers no SHA-256", e);
        }
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
