package fr.caducee.server.storage;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The served domains, with "is this domain ours?" answered from memory: every RCPT and MAIL asks it several times
 * (address, recipient, sender and conversation rules), and the answer lives in the database. A domain added or
 * removed through this server (WebAdmin) is seen at once; one changed by another node sharing the database, after
 * at most {@link #FRESHNESS}. James's own cache is not used: it keeps "not ours" for its whole lifetime even after
 * the domain is added, so the first mail to a new domain would be refused.
 */
public class CachedDomainList implements DomainList {
    static final Duration FRESHNESS = Duration.ofSeconds(30);
    static final String STORED = "stored";

    private final DomainList stored;
    private final Cache<Domain, Boolean> served = Caffeine.newBuilder()
        .expireAfterWrite(FRESHNESS)
        .maximumSize(10_000)
        .build();

    @Inject
    public CachedDomainList(@Named(STORED) DomainList stored) {
        this.stored = stored;
    }

    @Override
    public boolean containsDomain(Domain domain) throws DomainListException {
        try {
            return served.get(domain, key -> {
                try {
                    return stored.containsDomain(key);
                } catch (DomainListException e) {
                    throw new CompletionException(e);
                }
            });
        } catch (CompletionException e) {
            throw (DomainListException) e.getCause();
        }
    }

    @Override
    public List<Domain> getDomains() throws DomainListException {
        return stored.getDomains();
    }

    @Override
    public void addDomain(Domain domain) throws DomainListException {
        change(domain, stored::addDomain);
    }

    @Override
    public void removeDomain(Domain domain) throws DomainListException {
        change(domain, stored::removeDomain);
    }

    private interface DomainChange {
        void apply(Domain domain) throws DomainListException;
    }

    /** Whether the change succeeded or not, what is cached about the domain is forgotten. */
    private void change(Domain domain, DomainChange change) throws DomainListException {
        try {
            change.apply(domain);
        } finally {
            served.invalidate(domain);
        }
    }

    @Override
    public Domain getDefaultDomain() throws DomainListException {
        return stored.getDefaultDomain();
    }
}
