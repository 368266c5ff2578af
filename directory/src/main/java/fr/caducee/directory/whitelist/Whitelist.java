package fr.caducee.directory.whitelist;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The trusted domains of the trust space (liste blanche), as published nationally.
 *
 * <p>Domains are held in ASCII form (punycode, lower-case, no trailing dot). Matching is exact: a sub-domain of
 * a listed domain is <em>not</em> trusted, because the national list names every domain an operator serves; a
 * sub-domain absent from it belongs to nobody the trust space vouches for.
 *
 * <p>Immutable and thread-safe.
 */
public final class Whitelist {

    private final SortedSet<String> domains;
    private final Instant loadedAt;
    private final String source;

    private Whitelist(SortedSet<String> domains, Instant loadedAt, String source) {
        this.domains = Collections.unmodifiableSortedSet(domains);
        this.loadedAt = loadedAt;
        this.source = source;
    }

    /**
     * Builds a list from domain names in any form (Unicode or ASCII, any case, trailing dot or not); duplicates
     * are merged.
     *
     * @throws IllegalArgumentException if one of them is not a valid domain name
     */
    public static Whitelist of(Collection<String> domains, Instant loadedAt, String source) {
        Objects.requireNonNull(loadedAt, "loadedAt");
        Objects.requireNonNull(source, "source");
        SortedSet<String> normalised = new TreeSet<>();
        for (String domain : domains) {
            try {
                normalised.add(DomainNames.toAscii(domain));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + domain + "' is not a valid domain name: "
                        + e.getMessage(), e);
            }
        }
        return new Whitelist(normalised, loadedAt, source);
    }

    /** A list trusting nothing: what a server has before its first successful load, so it refuses all mail. */
    public static Whitelist empty(Instant loadedAt, String source) {
        return of(Collections.emptyList(), loadedAt, source);
    }

    /**
     * Whether {@code domain} is listed. The argument goes through the same normalisation as the list; anything
     * that is not a valid domain name (including null) is simply not trusted.
     */
    public boolean contains(String domain) {
        if (domain == null) {
            return false;
        }
        try {
            return domains.contains(DomainNames.toAscii(domain.strip()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public int size() {
        return domains.size();
    }

    /** The listed domains in ASCII form, sorted; unmodifiable. */
    public SortedSet<String> domains() {
        return domains;
    }

    /** When this list was read from its source (not when it was generated nationally). */
    public Instant loadedAt() {
        return loadedAt;
    }

    /** Where this list came from: a file path or a URL. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "Whitelist[" + domains.size() + " domains from " + source + " loaded at " + loadedAt + "]";
    }
}
