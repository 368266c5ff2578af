package fr.caducee.trust.whitelist;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

import fr.caducee.domain.directory.TrustedDomains;
import fr.caducee.domain.model.OperatorDn;
import fr.caducee.trust.source.RefreshSchedule;
import fr.caducee.trust.source.RefreshedSource;

/**
 * Holds the whitelist in force and refreshes it from its source (a file or an HTTPS URL), on a schedule or on
 * demand.
 *
 * <p>A refresh never makes things worse: if the source cannot be read, answers with an error, or serves a document
 * that {@link WhitelistParser} refuses (not the ANS format, not well-formed, truncated, empty), the previous list
 * stays in force, the failure is logged and recorded in {@link #lastOutcome()} and {@link #lastRefusal()}. The list
 * is never emptied by a refresh.
 *
 * <p>When a checksum source is configured (ANS publishes a file {@code checksum} beside the list: the hex SHA-256
 * of the list's bytes), the SHA-256 of the exact bytes read is compared with it before anything is parsed; a
 * mismatch, or a checksum that cannot be read, refuses the document. A matching checksum does not make a document
 * acceptable: it is parsed and checked like any other.
 *
 * <p>A valid new list that is much smaller than the current one is also refused: losing more than
 * {@code maxShrinkFraction} (by default half) of the domains at once is far more likely to be a truncated export,
 * a wrong file or tampering than a real change in the trust space, and installing it would cut this server off
 * from most operators. Such a list is only installed through {@link #forceRefreshNow()}, after someone has looked
 * at it; forcing skips only this check, never the checksum or the parser's. The first load (from an empty list) is
 * never subject to it.
 *
 * <p>Until the first successful load the list in force is empty, so all mail is refused: safe by default.
 */
public final class WhitelistRefresher implements TrustedDomains, AutoCloseable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final double DEFAULT_MAX_SHRINK_FRACTION = 0.5;
    /** The full national list is under 4 MB; anything much larger is not it. */
    static final int MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;
    /** A checksum file holds 64 hex characters, perhaps followed by a file name. */
    static final int MAX_CHECKSUM_BYTES = 4096;

    private static final Logger LOG = System.getLogger(WhitelistRefresher.class.getName());

    private final String source;
    private final RefreshedSource list;
    private final RefreshedSource checksum;
    private final Duration timeout;
    private final double maxShrinkFraction;
    private final Clock clock;
    private final WhitelistParser parser;
    private final AtomicReference<Whitelist> current;
    private final AtomicReference<RefreshOutcome> lastOutcome = new AtomicReference<>();
    private final AtomicReference<RefreshOutcome> lastRefusal = new AtomicReference<>();
    private final Object refreshLock = new Object();
    private RefreshSchedule schedule;

    /**
     * Production constructor without checksum: HTTPS URLs only, default timeout and shrink limit.
     *
     * @param source     a file path, or an {@code https://} URL
     * @param sslContext trust and key material for HTTPS; the caller decides which authorities are trusted
     */
    public WhitelistRefresher(String source, SSLContext sslContext) {
        this(source, null, sslContext);
    }

    /**
     * Production constructor: HTTPS URLs only, default timeout and shrink limit.
     *
     * @param source         a file path, or an {@code https://} URL
     * @param checksumSource where the hex SHA-256 of the list is published (file path or {@code https://} URL), or
     *                       null not to check one
     * @param sslContext     trust and key material for HTTPS; the caller decides which authorities are trusted
     */
    public WhitelistRefresher(String source, String checksumSource, SSLContext sslContext) {
        this(source, checksumSource, sslContext, DEFAULT_TIMEOUT, DEFAULT_MAX_SHRINK_FRACTION, false);
    }

    /** Like the constructor with a checksum source, without one. */
    public WhitelistRefresher(String source, SSLContext sslContext, Duration timeout, double maxShrinkFraction,
                              boolean allowPlainHttp) {
        this(source, null, sslContext, timeout, maxShrinkFraction, allowPlainHttp);
    }

    /**
     * @param source            a file path, or an {@code https://} URL
     * @param checksumSource    a file path or {@code https://} URL holding the list's hex SHA-256, or null
     * @param sslContext        trust and key material for HTTPS; may be null when no source is an https URL
     * @param timeout           connection and whole-request timeout
     * @param maxShrinkFraction largest fraction of the current domains a refresh may remove, in [0, 1];
     *                          1 disables the check
     * @param allowPlainHttp    accept {@code http://} URLs: for tests only, the list decides whom we trust and
     *                          must not travel in clear
     */
    public WhitelistRefresher(String source, String checksumSource, SSLContext sslContext, Duration timeout,
                              double maxShrinkFraction, boolean allowPlainHttp) {
        this(source, checksumSource, sslContext, timeout, maxShrinkFraction, allowPlainHttp, Clock.systemUTC());
    }

    WhitelistRefresher(String source, String checksumSource, SSLContext sslContext, Duration timeout,
                       double maxShrinkFraction, boolean allowPlainHttp, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (!(maxShrinkFraction >= 0.0 && maxShrinkFraction <= 1.0)) {
            throw new IllegalArgumentException("maxShrinkFraction must be in [0, 1]: " + maxShrinkFraction);
        }
        this.maxShrinkFraction = maxShrinkFraction;
        this.parser = new WhitelistParser(clock);
        // A redirect could lead to plain HTTP or another host: the configured URL is the only one.
        RefreshedSource.Options options = new RefreshedSource.Options("whitelist", allowPlainHttp, false, sslContext,
                timeout, MAX_DOCUMENT_BYTES);
        this.list = RefreshedSource.of(source, options);
        this.checksum = checksumSource == null || checksumSource.isBlank() ? null
                : RefreshedSource.of(checksumSource.strip(),
                        options.named("whitelist checksum").withMaxBytes(MAX_CHECKSUM_BYTES));
        if (list.isHttps() || (checksum != null && checksum.isHttps())) {
            Objects.requireNonNull(sslContext, "sslContext is required for an https URL");
        }
        this.current = new AtomicReference<>(Whitelist.empty(clock.instant(), source));
    }

    /** Checked against the list in force at the time of the call: a refresh takes effect for the next message. */
    @Override
    public boolean isTrusted(String domain) {
        return current.get().contains(domain);
    }

    /** Like {@link #isTrusted(String)}, against the list in force at the time of the call. */
    @Override
    public Set<OperatorDn> operatorsOf(String domain) {
        return current.get().operatorsOf(domain);
    }

    @Override
    public boolean isListedOperator(OperatorDn dn) {
        return current.get().isListedOperator(dn);
    }

    /** The list in force; never null, empty until the first successful load. */
    public Whitelist current() {
        return current.get();
    }

    /** The outcome of the latest refresh attempt, if any has run. */
    public Optional<RefreshOutcome> lastOutcome() {
        return Optional.ofNullable(lastOutcome.get());
    }

    /**
     * The latest refresh attempt that was refused, if any, even when a later one succeeded: why the list in force
     * may be older than the source.
     */
    public Optional<RefreshOutcome> lastRefusal() {
        return Optional.ofNullable(lastRefusal.get());
    }

    /** Where the list's checksum is read, if one is checked. */
    public Optional<String> checksumSource() {
        return Optional.ofNullable(checksum).map(RefreshedSource::toString);
    }

    /** Fetches and installs the list now, subject to the shrink check. Never throws for a bad source. */
    public RefreshOutcome refreshNow() {
        return refresh(false);
    }

    /**
     * Like {@link #refreshNow()} but installs a valid list however much smaller it is: for an operator who has
     * checked that a large removal is genuine. An invalid document is still refused.
     */
    public RefreshOutcome forceRefreshNow() {
        return refresh(true);
    }

    /**
     * Refreshes every {@code period} (measured from the end of one attempt to the start of the next, so a slow
     * source never causes overlapping attempts), the first time one period from now: the caller loads the list
     * first with {@link #refreshNow()}, whose outcome it needs, and a second read of the same source at once would
     * only parse the national list twice at every start.
     *
     * @throws IllegalStateException if already started
     */
    public synchronized void start(Duration period) {
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        if (schedule != null) {
            throw new IllegalStateException("whitelist refresher already started");
        }
        schedule = RefreshSchedule.on("whitelist-refresher").every(period, period, this::refreshNow);
        LOG.log(Level.INFO, "Whitelist refresh from {0} every {1}", source, period);
    }

    /** Stops scheduled refreshes; the list in force stays. Can be started again. */
    public synchronized void stop() {
        if (schedule == null) {
            return;
        }
        try {
            if (!schedule.stop(timeout)) {
                LOG.log(Level.WARNING, "Whitelist refresh from {0} did not stop within {1}", source, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        schedule = null;
    }

    @Override
    public void close() {
        stop();
    }

    private RefreshOutcome refresh(boolean force) {
        // One attempt at a time: a manual refresh racing the scheduled one must not install an older document.
        synchronized (refreshLock) {
            RefreshOutcome outcome;
            try {
                byte[] document = read(list);
                boolean verified = verifyChecksum(document);
                Whitelist fresh = parser.parse(new ByteArrayInputStream(document), source);
                outcome = install(fresh, force, verified);
            } catch (ChecksumMismatchException e) {
                outcome = failure(e.getMessage());
            } catch (InvalidWhitelistException e) {
                outcome = failure("invalid document: " + e.getMessage());
            } catch (IOException e) {
                outcome = failure("cannot read " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome = failure("interrupted while reading " + source);
            } catch (RuntimeException e) {
                // Must not escape: it would silently cancel all later scheduled refreshes.
                outcome = failure("unexpected error reading " + source + ": " + describe(e));
            }
            lastOutcome.set(outcome);
            if (!outcome.success()) {
                lastRefusal.set(outcome);
            }
            return outcome;
        }
    }

    /** @return whether a checksum was verified; throws when one is configured and does not match */
    private boolean verifyChecksum(byte[] document) throws ChecksumMismatchException, IOException,
            InterruptedException {
        if (checksum == null) {
            return false;
        }
        byte[] published;
        try {
            published = read(checksum);
        } catch (IOException e) {
            throw new ChecksumMismatchException("checksum unavailable, cannot verify the list: cannot read "
                    + e.getMessage());
        }
        String expected;
        try {
            expected = Checksums.parseSha256(published, checksum.toString());
        } catch (Checksums.ChecksumFormatException e) {
            throw new ChecksumMismatchException(e.getMessage());
        }
        String actual = Checksums.sha256Hex(document);
        if (!actual.equals(expected)) {
            throw new ChecksumMismatchException(String.format(Locale.ROOT, "checksum mismatch: the %d bytes read "
                            + "from %s have SHA-256 %s, %s publishes %s; the document was not used",
                    document.length, source, actual, checksum, expected));
        }
        return true;
    }

    private RefreshOutcome install(Whitelist fresh, boolean force, boolean verified) {
        Whitelist previous = current.get();
        int removed = (int) previous.domains().stream().filter(d -> !fresh.domains().contains(d)).count();
        if (!force && previous.size() > 0 && removed > previous.size() * maxShrinkFraction) {
            return failure(String.format(Locale.ROOT,
                    "suspicious shrink: new list from %s would remove %d of %d domains (%.0f%%, limit %.0f%%); "
                            + "kept the previous list, use a forced refresh if the change is genuine",
                    source, removed, previous.size(), 100.0 * removed / previous.size(), 100.0 * maxShrinkFraction));
        }
        current.set(fresh);
        int added = (int) fresh.domains().stream().filter(d -> !previous.domains().contains(d)).count();
        String reason = String.format(Locale.ROOT, "loaded %d domains (%d entries, %d operator DNs%s)%s from %s "
                        + "(%d added, %d removed)%s%s",
                fresh.size(), fresh.entryCount(), fresh.operatorCount(),
                fresh.skipped().isEmpty() ? "" : ", " + fresh.skipped().size() + " entries skipped, first: "
                        + fresh.skipped().get(0),
                fresh.generatedAt().map(at -> " generated at " + at).orElse(""), source, added, removed,
                verified ? ", checksum verified" : "", force ? ", forced" : "");
        // A refresh that changes nothing is routine: only changes are worth an operator's attention.
        LOG.log(added + removed > 0 || force ? Level.INFO : Level.DEBUG, "Whitelist " + reason);
        return RefreshOutcome.success(clock.instant(), reason, fresh.size());
    }

    private RefreshOutcome failure(String reason) {
        Whitelist kept = current.get();
        if (kept.size() == 0) {
            LOG.log(Level.ERROR, "Whitelist refresh failed and no list is loaded, all mail is refused: {0}",
                    reason);
        } else {
            LOG.log(Level.WARNING, "Whitelist refresh failed, keeping the {0} domains loaded at {1}: {2}",
                    kept.size(), kept.loadedAt(), reason);
        }
        return RefreshOutcome.failure(clock.instant(), reason, kept.size());
    }

    /** @throws IOException whose message starts with the source */
    private static byte[] read(RefreshedSource from) throws IOException, InterruptedException {
        try {
            return from.read();
        } catch (IOException e) {
            throw new IOException(from + ": " + describe(e), e);
        }
    }

    /** The published checksum does not vouch for the document read. */
    private static final class ChecksumMismatchException extends Exception {
        private static final long serialVersionUID = 1L;

        ChecksumMismatchException(String message) {
            super(message);
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + message;
    }

    @Override
    public String toString() {
        return "WhitelistRefresher[" + source + ", " + current.get().size() + " domains]";
    }
}
