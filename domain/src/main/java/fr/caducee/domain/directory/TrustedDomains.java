package fr.caducee.domain.directory;

import java.util.Set;

import fr.caducee.domain.model.OperatorDn;

/**
 * Whether a mail domain belongs to the trust space (is on the national whitelist, la liste blanche), and which
 * operators, named by their certificate DN, send for it.
 */
@FunctionalInterface
public interface TrustedDomains {
    /** @param domain a domain in any form (Unicode or ASCII, any case); unknown or malformed is not trusted */
    boolean isTrusted(String domain);

    /**
     * The certificate DNs allowed to send for {@code domain}; a {@code patient.} sub-domain of a listed domain has
     * that domain's operators. Empty when the domain is not listed (or this source knows no DN).
     */
    default Set<OperatorDn> operatorsOf(String domain) {
        return Set.of();
    }

    /** Whether {@code dn} is the operator DN of at least one listed domain. */
    default boolean isListedOperator(OperatorDn dn) {
        return false;
    }
}
