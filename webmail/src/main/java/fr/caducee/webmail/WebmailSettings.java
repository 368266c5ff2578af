package fr.caducee.webmail;

import java.time.Duration;
import java.util.Objects;

/**
 * What the operator sets about the webmail ({@code caducee.webmail.*} in caducee.properties, checked at start by
 * the server; docs/CONFIGURATION.md lists them).
 *
 * @param origin          the webmail's origin as patients reach it, {@code https://host[:port]}: the only
 *                        {@code Origin} a form may come from, and the link notices carry
 * @param issuer          the name authenticator apps show next to the code ("Caducée" by default)
 * @param sessionIdle     a session unused for this long ends (15 minutes by default)
 * @param sessionMax      a session ends this long after login whatever happens (12 hours by default)
 * @param uploadLimit     the attachments of one message, in bytes (10 MB by default)
 * @param lockoutAttempts failed attempts (password or second factor) before an address is locked (5 by default)
 * @param lockoutFirst    the first lock's length (1 minute by default); each further failure doubles it
 * @param lockoutMax      the longest lock (1 hour by default)
 */
public record WebmailSettings(String origin, String issuer, Duration sessionIdle, Duration sessionMax,
                              long uploadLimit, int lockoutAttempts, Duration lockoutFirst, Duration lockoutMax) {

    public static final Duration DEFAULT_SESSION_IDLE = Duration.ofMinutes(15);
    public static final Duration DEFAULT_SESSION_MAX = Duration.ofHours(12);
    public static final long DEFAULT_UPLOAD_LIMIT = 10L * 1024 * 1024;

    public WebmailSettings {
        Objects.requireNonNull(origin, "origin");
        if (!origin.matches("https://[^/?#]+")) {
            throw new IllegalArgumentException("the webmail's origin is https://host[:port], without a path: " + origin);
        }
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(sessionIdle, "sessionIdle");
        Objects.requireNonNull(sessionMax, "sessionMax");
        Objects.requireNonNull(lockoutFirst, "lockoutFirst");
        Objects.requireNonNull(lockoutMax, "lockoutMax");
        if (uploadLimit <= 0 || lockoutAttempts <= 0 || sessionIdle.isNegative() || sessionIdle.isZero()
                || sessionMax.compareTo(sessionIdle) < 0 || lockoutFirst.isNegative() || lockoutMax.compareTo(lockoutFirst) < 0) {
            throw new IllegalArgumentException("webmail settings out of range: " + sessionIdle + ", " + sessionMax
                + ", " + uploadLimit + " bytes, " + lockoutAttempts + " attempts, " + lockoutFirst + ".." + lockoutMax);
        }
    }

    /** The defaults, for a webmail reached at {@code origin}. */
    public static WebmailSettings defaults(String origin) {
        return new WebmailSettings(origin, "Caducée", DEFAULT_SESSION_IDLE, DEFAULT_SESSION_MAX, DEFAULT_UPLOAD_LIMIT,
            5, Duration.ofMinutes(1), Duration.ofHours(1));
    }
}
