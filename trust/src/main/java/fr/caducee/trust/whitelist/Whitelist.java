package fr.caducee.trust.whitelist;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import fr.caducee.domain.model.OperatorDn;
import fr.caducee.domain.model.PatientAddress;

/**
 * The trust space as the national whitelist (liste blanche) publishes it: the listed domains, and for each the
 * certificate DNs of the operators that send for it ({@code DNCertificatOperateur}), with the entries' contacts.
 *
 * <p>Domains are held in ASCII form (punycode, lower-case, no trailing dot). Matching is exact: a sub-domain of
 * a listed domain is <em>not</em> trusted, because the national list names every domain an operator serves; a
 * sub-domain absent from it belongs to nobody the trust space vouches for. The one exception is for operators:
 * the {@code patient.} sub-domain of a listed domain is served by the same operators (patient boxes live beside
 * the professional ones), see {@link #operatorsOf(String)}.
 *
 * <p>A domain may appear in several entries: several operators, or one operator under several DNs.
 *
 * <p>Immutable and thread-safe.
 */
public final class Whitelist {

    private final SortedSet<String> domains;
    private final Map<String, Set<OperatorDn>> operators;
    private final Map<String, List<WhitelistEntry>> entries;
    private final Set<OperatorDn> allOperators;
    private final int entryCount;
    private final List<String> skipped;
    private final Instant generatedAt;
    private final Instant loadedAt;
    private final String source;

    private Whitelist(SortedSet<String> domains, Map<String, Set<OperatorDn>> operators,
                      Map<String, List<WhitelistEntry>> entries, int entryCount, List<String> skipped,
                      Instant generatedAt, Instant loadedAt, String source) {
        this.domains = Collections.unmodifiableSortedSet(domains);
        this.operators = operators;
        this.entries = entries;
        Set<OperatorDn> all = new HashSet<>();
        operators.values().forEach(all::addAll);
        this.allOperators = Collections.unmodifiableSet(all);
        this.entryCount = entryCount;
        this.skipped = List.copyOf(skipped);
        this.generatedAt = generatedAt;
        this.loadedAt = loadedAt;
        this.source = source;
    }

    /**
     * Builds a list of domains without operator DNs (nobody may send for them, they may only be written to):
     * from names in any form (Unicode or ASCII, any case, trailing dot or not); duplicates are merged.
     *
     * @throws IllegalArgumentException if one of them is not a valid domain name
     */
    public static Whitelist of(Collection<String> domains, Instant loadedAt, String source) {
        Objects.requireNonNull(loadedAt, "loadedAt");
        Objects.requireNonNull(source, "source");
        SortedSet<String> normalised = new TreeSet<>();
        for (String domain : domains) {
            normalised.add(normalise(domain));
        }
        return new Whitelist(normalised, Map.of(), Map.of(), 0, List.of(), null, loadedAt, source);
    }

    /**
     * Builds a list from its entries, in the list's order; entry domains in any form are normalised.
     *
     * @param generatedAt the list's {@code DateDeGeneration}, null if unknown
     * @throws IllegalArgumentException if a domain is not a valid domain name
     */
    public static Whitelist fromEntries(List<WhitelistEntry> entries, Instant generatedAt, Instant loadedAt,
                                        String source) {
        return fromEntries(entries, List.of(), generatedAt, loadedAt, source);
    }

    /**
     * Like {@link #fromEntries(List, Instant, Instant, String)}, recording the entries of the document that were
     * left out and why.
     */
    public static Whitelist fromEntries(List<WhitelistEntry> entries, List<String> skipped, Instant generatedAt,
                                        Instant loadedAt, String source) {
        Objects.requireNonNull(loadedAt, "loadedAt");
        Objects.requireNonNull(source, "source");
        SortedSet<String> domains = new TreeSet<>();
        Map<String, Set<OperatorDn>> operators = new TreeMap<>();
        Map<String, List<WhitelistEntry>> byDomain = new TreeMap<>();
        for (WhitelistEntry entry : entries) {
            String domain = normalise(entry.domain());
            WhitelistEntry normalisedEntry = domain.equals(entry.domain()) ? entry
                    : new WhitelistEntry(domain, entry.description(), entry.operator(), entry.responsibleContact(),
                    entry.supportContact(), entry.updatedAt());
            domains.add(domain);
            operators.computeIfAbsent(domain, d -> new LinkedHashSet<>()).add(entry.operator());
            byDomain.computeIfAbsent(domain, d -> new ArrayList<>()).add(normalisedEntry);
        }
        operators.replaceAll((d, set) -> Collections.unmodifiableSet(set));
        byDomain.replaceAll((d, list) -> List.copyOf(list));
        return new Whitelist(domains, Collections.unmodifiableMap(operators), Collections.unmodifiableMap(byDomain),
                entries.size(), skipped, generatedAt, loadedAt, source);
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
        return lookupKey(domain).map(domains::contains).orElse(false);
    }

    /**
     * The certificate DNs allowed to send for {@code domain}: those of its entries, or for a {@code patient.}
     * sub-domain of a listed domain, that domain's. Empty if the domain is not listed or not a domain name.
     */
    public Set<OperatorDn> operatorsOf(String domain) {
        Optional<String> key = lookupKey(domain);
        if (key.isEmpty()) {
            return Set.of();
        }
        Set<OperatorDn> direct = operators.get(key.get());
        if (direct != null) {
            return direct;
        }
        if (PatientAddress.isPatientDomain(key.get())) {
            return operators.getOrDefault(key.get().substring(PatientAddress.DOMAIN_PREFIX.length()), Set.of());
        }
        return Set.of();
    }

    /** Whether {@code dn} is the operator DN of at least one listed domain (by distinguishedNameMatch). */
    public boolean isListedOperator(OperatorDn dn) {
        return dn != null && allOperators.contains(dn);
    }

    /** The entries naming {@code domain} (exactly), in the list's order: descriptions and contacts. */
    public List<WhitelistEntry> entriesFor(String domain) {
        return lookupKey(domain).map(key -> entries.getOrDefault(key, List.of())).orElse(List.of());
    }

    /** Distinct domain names. */
    public int size() {
        return domains.size();
    }

    /** {@code Domaine} elements the list holds, skipped ones excepted (0 for a list built from names only). */
    public int entryCount() {
        return entryCount;
    }

    /**
     * Entries of the document left out, each with its line and why (an operator DN missing or unreadable); they
     * are not in {@link #entryCount()}.
     */
    public List<String> skipped() {
        return skipped;
    }

    /** Distinct operator DNs, by distinguishedNameMatch. */
    public int operatorCount() {
        return allOperators.size();
    }

    /** The listed domains in ASCII form, sorted; unmodifiable. */
    public SortedSet<String> domains() {
        return domains;
    }

    /** When the list was generated nationally ({@code DateDeGeneration}), if it says. */
    public Optional<Instant> generatedAt() {
        return Optional.ofNullable(generatedAt);
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
        return "Whitelist[" + domains.size() + " domains, " + entryCount + " entries, " + allOperators.size()
                + " operator DNs from " + source + (generatedAt == null ? "" : " generated at " + generatedAt)
                + " loaded at " + loadedAt + "]";
    }

    private static String normalise(String domain) {
        try {
            return DomainNames.toAscii(domain);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + domain + "' is not a valid domain name: " + e.getMessage(), e);
        }
    }

    private static Optional<String> lookupKey(String domain) {
        if (domain == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(DomainNames.toAscii(domain.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
