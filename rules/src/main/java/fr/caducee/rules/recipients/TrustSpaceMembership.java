package fr.caducee.rules.recipients;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;

import fr.caducee.domain.directory.TrustedDomains;

/**
 * The one rule of where mail may go: a domain served here, or a domain on the national whitelist, or the
 * {@code patient.} sub-domain of one (which the list gives the same operators).
 */
public class TrustSpaceMembership {
    private final DomainList localDomains;
    private final TrustedDomains whitelist;

    @Inject
    public TrustSpaceMembership(DomainList localDomains, TrustedDomains whitelist) {
        this.localDomains = localDomains;
        this.whitelist = whitelist;
    }

    /** @throws DomainListException when the local domains cannot be read: callers refuse rather than guess */
    public boolean includes(Domain domain) throws DomainListException {
        return localDomains.containsDomain(domain) || whitelist.isTrusted(domain.asString())
            || !whitelist.operatorsOf(domain.asString()).isEmpty();
    }
}
