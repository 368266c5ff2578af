package fr.caducee.rules.delivery;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.security.auth.x500.X500Principal;

import fr.caducee.domain.directory.TrustedDomains;
import fr.caducee.domain.model.OperatorDn;
import fr.caducee.rules.Rule;
import fr.caducee.trust.whitelist.ExpectedOperators;

/**
 * The trust space's rule for delivery: a domain's mail goes only to a server whose certificate has one of the subject
 * DNs the national whitelist lists for the domain ({@code DNCertificatOperateur}), compared as LDAP does
 * ({@link OperatorDn}). Chain, revocation and host name were checked during the TLS handshake; this is the rest.
 */
public final class RemoteOperatorCheck {
    /** The rule, in the audit trail; also the processor the refused mail goes through (see mailetcontainer.xml). */
    public static final Rule RULE = Rule.REMOTE_DN_NOT_LISTED_FOR_DOMAIN;
    /** How the refusal reads: an SMTP reply, so that RemoteDelivery takes it as a permanent failure (see JAMES-NOTES). */
    static final String REPLY_START = "550 5.7.1 Nothing was sent to ";

    private final TrustedDomains trustSpace;

    public RemoteOperatorCheck(TrustedDomains trustSpace) {
        this.trustSpace = trustSpace;
    }

    /**
     * The recipient domains (lower case) whose listed operators do not include {@code remote}, the subject of the
     * server's certificate (all of them when it is null: no certificate).
     */
    public Set<String> domainsRefusing(X500Principal remote, Collection<String> domains) {
        OperatorDn dn = remote == null ? null : OperatorDn.of(remote);
        return domains.stream()
            .map(domain -> domain.toLowerCase(Locale.ROOT))
            .filter(domain -> dn == null || !trustSpace.operatorsOf(domain).contains(dn))
            .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * The reply the sender reads in the delivery status notification, e.g. {@code 550 5.7.1 Nothing was sent to
     * chu.fr: its server mx.chu.fr presented the certificate CN=..., which the national whitelist does not list for
     * chu.fr (it lists the operator certificate CN=...)}.
     */
    public String reply(String host, X500Principal remote, Set<String> refusedDomains) {
        String domains = String.join(", ", refusedDomains);
        if (remote == null) {
            return REPLY_START + domains + ": its server " + host + " did not present a certificate over TLS";
        }
        String dn = OperatorDn.of(remote).asWritten();
        String expected = refusedDomains.stream()
            .map(domain -> (refusedDomains.size() > 1 ? domain + ": " : "") + ExpectedOperators.describe(trustSpace.operatorsOf(domain)))
            .collect(Collectors.joining(". "));
        return REPLY_START + domains + ": its server " + host + " presented the certificate " + dn
            + ", which the national whitelist does not list for " + domains + " (it lists the operator certificate "
            + expected + ")";
    }

    /** Whether a delivery error is this refusal (the rest of the error reads as the remote server's answer). */
    public static boolean isRefusal(Optional<String> deliveryError) {
        return deliveryError.filter(error -> error.startsWith(REPLY_START)).isPresent();
    }
}
