package fr.caducee.server.storage;

import java.time.Duration;
import java.util.concurrent.CompletionException;

import org.apache.james.core.Domain;
import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.rrt.jpa.JPARecipientRewriteTable;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.rrt.lib.Mappings;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The recipient rewrite table, with the rewrites of an address answered from memory: the spool's
 * {@code RecipientRewriteTable} mailet asks for every recipient of every message, and each answer cost two database
 * queries (the address's own mappings, then its domain's), the largest share of a delivery's CPU. A mapping added or
 * removed through this server (WebAdmin) is seen at once, since any change forgets every cached answer (a domain
 * mapping changes the answer for all its addresses); one changed by another node sharing the database, after at most
 * {@link #FRESHNESS}, as for the served domains ({@link CachedDomainList}). Listings for administrators are read
 * from the database.
 */
public class CachedRecipientRewriteTable extends JPARecipientRewriteTable {
    static final Duration FRESHNESS = Duration.ofSeconds(30);

    private record Address(String user, Domain domain) {
    }

    private final Cache<Address, Mappings> rewrites = Caffeine.newBuilder()
        .expireAfterWrite(FRESHNESS)
        .maximumSize(100_000)
        .build();

    @Override
    protected Mappings mapAddress(String user, Domain domain) throws RecipientRewriteTableException {
        try {
            return rewrites.get(new Address(user, domain), address -> {
                try {
                    return stored(address.user(), address.domain());
                } catch (RecipientRewriteTableException e) {
                    throw new CompletionException(e);
                }
            });
        } catch (CompletionException e) {
            throw (RecipientRewriteTableException) e.getCause();
        }
    }

    /** Whether the change succeeded or not, every cached answer is forgotten. */
    @Override
    public void addMapping(MappingSource source, Mapping mapping) throws RecipientRewriteTableException {
        try {
            store(source, mapping);
        } finally {
            rewrites.invalidateAll();
        }
    }

    @Override
    public void removeMapping(MappingSource source, Mapping mapping) throws RecipientRewriteTableException {
        try {
            unstore(source, mapping);
        } finally {
            rewrites.invalidateAll();
        }
    }

    /** The rewrites of an address as the database holds them. */
    Mappings stored(String user, Domain domain) throws RecipientRewriteTableException {
        return super.mapAddress(user, domain);
    }

    void store(MappingSource source, Mapping mapping) throws RecipientRewriteTableException {
        super.addMapping(source, mapping);
    }

    void unstore(MappingSource source, Mapping mapping) throws RecipientRewriteTableException {
        super.removeMapping(source, mapping);
    }
}
