package fr.caducee.identity.login;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import fr.caducee.domain.model.BoxAddress;
import fr.caducee.trust.certificate.CertificateValidator;

/**
 * Software proves its box with a client certificate: one that chains to the trust anchors, is in its dates and not
 * revoked, and names the box in an rfc822Name of its subjectAltName or in its CN. Read the same way by SASL EXTERNAL
 * ({@link CertificateLogins}), the HTTPS API ({@code server.api.CallerAuthentication}) and the hospital gateway
 * ({@code server.gateway.HospitalPeers}); what the box may do is theirs to decide.
 */
public final class BoxCertificates {
    private static final int RFC822_NAME = 1;

    private final CertificateValidator validator;

    public BoxCertificates(CertificateValidator validator) {
        this.validator = validator;
    }

    /**
     * What a chain proves: the validator's verdict, and when it is valid the box addresses the leaf names, in order.
     *
     * @param verdict why the chain is or is not taken (expired, revoked, not chaining, revocation unknown)
     * @param boxes   the addresses named by a valid chain's leaf; empty when the chain is not valid
     */
    public record Certified(CertificateValidator.Verdict verdict, List<BoxAddress> boxes) {
        public Certified {
            boxes = List.copyOf(boxes);
        }
    }

    /** @param chain the client's certificates, leaf first, not empty */
    public Certified check(List<X509Certificate> chain, Instant at) {
        CertificateValidator.Verdict verdict = validator.validate(chain, at);
        if (!verdict.valid()) {
            return new Certified(verdict, List.of());
        }
        List<BoxAddress> boxes = new ArrayList<>();
        for (String name : boxNames(chain.get(0))) {
            try {
                boxes.add(BoxAddress.parse(name));
            } catch (IllegalArgumentException e) {
                // a name that is no address (a host name in the CN): not a box
            }
        }
        return new Certified(verdict, boxes);
    }

    /**
     * @param chain the client's certificates, leaf first
     * @return the box addresses the leaf names, in order, when the chain is valid at {@code at}; empty otherwise
     */
    public List<BoxAddress> certifiedBoxes(List<X509Certificate> chain, Instant at) {
        return chain.isEmpty() ? List.of() : check(chain, at).boxes();
    }

    /** The rfc822Names of the subjectAltName, then the CN. */
    public static List<String> boxNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    if (alternative.size() == 2 && Integer.valueOf(RFC822_NAME).equals(alternative.get(0))) {
                        names.add(String.valueOf(alternative.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    names.add(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            // no CN to read: the subjectAltName's names only
        }
        return names;
    }
}
