package fr.caducee.trust.whitelist;

import java.time.Instant;
import java.util.Objects;

import fr.caducee.domain.model.OperatorDn;

/**
 * One {@code Domaine} element of the national whitelist: a domain, the certificate DN of the operator that sends
 * for it, and whom to contact about it.
 *
 * @param domain             the domain in ASCII form, lower-case
 * @param description        the holder's name as published (may be empty)
 * @param operator           the subject DN of the operator's certificate ({@code DNCertificatOperateur})
 * @param responsibleContact {@code ResponsableContact}, free text (may be empty)
 * @param supportContact     {@code SupportContact}, free text (may be empty)
 * @param updatedAt          {@code DateMAJ}, null when absent or unreadable
 */
public record WhitelistEntry(String domain, String description, OperatorDn operator, String responsibleContact,
                             String supportContact, Instant updatedAt) {

    public WhitelistEntry {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(operator, "operator");
        description = description == null ? "" : description;
        responsibleContact = responsibleContact == null ? "" : responsibleContact;
        supportContact = supportContact == null ? "" : supportContact;
    }
}
