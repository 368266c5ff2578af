package fr.caducee.directory.ldap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.SearchResultEntry;

/**
 * Pages of one kind of record in key order, {@code limit} at a time after a given key.
 *
 * <p>LDAP has no portable way to do this. A {@code (mail>=key)} filter needs an ORDERING rule, which {@code mail},
 * {@code cadIdNat}, {@code cadStructureId} and {@code cadIns} do not have (OpenLDAP then matches nothing);
 * server-side sorting needs the same rule and, on OpenLDAP, the sssvlv overlay; paged results are no help (see
 * {@link LdapOperations#scan}). So the order is made here: one streamed scan of the container's DNs, without
 * attributes, keeps in a bounded sorted set the next {@link #WINDOW} keys after the cursor. A page is cut from that
 * window, then each of its records is read by DN, which needs no index. The next page continues from the window
 * while it is fresh ({@link #FRESH}), so walking a whole container costs one scan per {@link #WINDOW} records, not
 * one per page. A listing from the start always scans again, and this store's own writes drop the window.
 *
 * <p>Only keys come from the window; records are always read from the server. Limits: a record another writer
 * adds during a walk may be missed for up to {@link #FRESH}; a scan reads every DN of the container (0.4 s per
 * 100,000 entries on OpenLDAP 2.5, 1 to 3 s on the in-memory server, plus about 1 s of sorting here, so several
 * seconds per million); the window holds up to {@link #WINDOW} keys, a few megabytes.
 */
final class OrderedListing<T> {

    static final int WINDOW = 50_000;
    static final Duration FRESH = Duration.ofSeconds(60);

    private final RecordKind kind;
    private final DirectoryTree tree;
    private final LdapOperations ops;
    private final UnusableEntries unusable;
    private final UnaryOperator<String> canonicalKey;
    private final Function<Entry, T> mapper;
    private final String[] attributes;
    private final int windowSize;
    private final LongSupplier nanoTime;
    private final AtomicReference<Window> window = new AtomicReference<>();

    /**
     * @param canonicalKey the canonical form of a key read from a DN; throws IllegalArgumentException if invalid
     */
    OrderedListing(RecordKind kind, DirectoryTree tree, LdapOperations ops, UnusableEntries unusable,
                   UnaryOperator<String> canonicalKey, Function<Entry, T> mapper, String[] attributes,
                   int windowSize, LongSupplier nanoTime) {
        this.kind = kind;
        this.tree = tree;
        this.ops = ops;
        this.unusable = unusable;
        this.canonicalKey = canonicalKey;
        this.mapper = mapper;
        this.attributes = attributes;
        this.windowSize = windowSize;
        this.nanoTime = nanoTime;
    }

    List<T> page(Optional<String> after, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, found " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        // A key whose entry is gone or unusable leaves a gap, filled from the keys after it: a page shorter than
        // the limit always means the end of the listing.
        List<T> page = new ArrayList<>();
        String cursor = after.orElse(null);
        while (page.size() < limit) {
            List<String> keys = keys(cursor, limit - page.size());
            if (keys.isEmpty()) {
                break;
            }
            for (String key : keys) {
                ops.get("read " + kind.noun() + " " + key, tree.dn(kind, key), attributes)
                        .flatMap(entry -> unusable.read(kind, entry, mapper))
                        .ifPresent(page::add);
            }
            cursor = keys.get(keys.size() - 1);
        }
        return page;
    }

    /** Forgets the window: called after this store changed the container. */
    void invalidate() {
        window.set(null);
    }

    private List<String> keys(String after, int limit) {
        Window current = window.get();
        if (after != null && current != null && nanoTime.getAsLong() - current.scannedAt < FRESH.toNanos()) {
            Optional<List<String>> served = current.serve(after, limit);
            if (served.isPresent()) {
                return served.get();
            }
        }
        Window scanned = scan(after, Math.max(limit, windowSize));
        window.set(scanned);
        return scanned.serve(after, limit).orElseThrow();
    }

    private Window scan(String after, int size) {
        TreeSet<String> keys = new TreeSet<>();
        long[] beyond = {0};
        ops.scan("list " + kind.container(), tree.container(kind),
                Filter.createEqualityFilter(LdapNames.OBJECT_CLASS, kind.objectClass()),
                () -> {
                    keys.clear();
                    beyond[0] = 0;
                },
                entry -> {
                    String key = key(entry);
                    if (key != null && (after == null || key.compareTo(after) > 0)) {
                        keys.add(key);
                        if (keys.size() > size) {
                            keys.pollLast();
                            beyond[0]++;
                        }
                    }
                },
                LdapNames.NO_ATTRIBUTES);
        return new Window(after, List.copyOf(keys), beyond[0] == 0, nanoTime.getAsLong());
    }

    private String key(SearchResultEntry entry) {
        Optional<String> value = EntryValues.rdnValue(entry, kind.keyAttribute());
        if (value.isEmpty()) {
            unusable.report(kind, entry.getDN(), "not named by " + kind.keyAttribute());
            return null;
        }
        try {
            return canonicalKey.apply(value.get());
        } catch (IllegalArgumentException e) {
            unusable.report(kind, entry.getDN(), e.getMessage());
        }
        return null;
    }

    /**
     * The sorted keys in {@code (after, last key]} as of a scan; with {@code complete}, every key after
     * {@code after} then.
     */
    private record Window(String after, List<String> keys, boolean complete, long scannedAt) {

        Optional<List<String>> serve(String from, int limit) {
            if (after != null && (from == null || from.compareTo(after) < 0)) {
                return Optional.empty();
            }
            int start = from == null ? 0 : firstAfter(from);
            int end = Math.min(keys.size(), start + limit);
            if (end - start < limit && !complete) {
                return Optional.empty();
            }
            return Optional.of(keys.subList(start, end));
        }

        private int firstAfter(String from) {
            int index = Collections.binarySearch(keys, from);
            return index >= 0 ? index + 1 : -index - 1;
        }
    }
}
