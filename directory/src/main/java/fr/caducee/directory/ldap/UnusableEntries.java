package fr.caducee.directory.ldap;

import java.time.DateTimeException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.unboundid.ldap.sdk.Entry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entries that do not make a valid record: someone wrote a bad value with ldapmodify, or an older version did.
 *
 * <p>Such an entry is treated as absent: a lookup answers empty, a listing skips it. Guessing a record from part of
 * an entry could hand out a box with the wrong holder or status; throwing would turn one bad entry into a failure
 * of every listing that crosses it. A warning names the entry and what is wrong, at most once per entry and
 * problem every {@link #REPEAT_AFTER} (a box looked up for every message would otherwise flood the log). A put of
 * the record rewrites the managed attributes and so repairs the entry.
 */
final class UnusableEntries {

    static final Duration REPEAT_AFTER = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(LdapDirectoryStore.class);

    private final Cache<String, Boolean> recentlyWarned = Caffeine.newBuilder()
            .expireAfterWrite(REPEAT_AFTER).maximumSize(10_000).build();
    private final AtomicLong count = new AtomicLong();

    /** The record the entry holds, or empty (and a warning) when it holds none. */
    <T> Optional<T> read(RecordKind kind, Entry entry, Function<Entry, T> mapper) {
        try {
            return Optional.of(mapper.apply(entry));
        } catch (IllegalArgumentException | DateTimeException e) {
            report(kind, entry.getDN(), e.getMessage());
            return Optional.empty();
        }
    }

    void report(RecordKind kind, String dn, String problem) {
        count.incrementAndGet();
        if (recentlyWarned.asMap().putIfAbsent(dn + '\n' + problem, Boolean.TRUE) == null) {
            LOG.warn("Directory entry {} is not a valid {} record and is treated as absent until corrected: {}",
                    dn, kind.noun(), problem);
        }
    }

    /** How many times an unusable entry was met, warned or not. */
    long count() {
        return count.get();
    }
}
