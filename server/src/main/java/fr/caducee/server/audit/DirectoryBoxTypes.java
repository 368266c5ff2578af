package fr.caducee.server.audit;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;

import fr.caducee.audit.BoxTypes;
import fr.caducee.domain.directory.Account;
import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.PatientAddress;

/**
 * Box types for the usage indicators, from the directory: a professional box's type, {@code PATIENT} for a
 * patient's box, {@code UNKNOWN} for an address of our domains that names no box, {@code REMOTE} otherwise.
 */
final class DirectoryBoxTypes implements BoxTypes {
    private final Directory directory;
    private final DomainList domains;

    @Inject
    DirectoryBoxTypes(Directory directory, DomainList domains) {
        this.directory = directory;
        this.domains = domains;
    }

    @Override
    public String typeOf(String address) {
        BoxAddress box;
        try {
            box = BoxAddress.parse(address);
        } catch (InvalidIdentifierException e) {
            return UNKNOWN;
        }
        return directory.account(box)
            .map(account -> account instanceof Account.ProfessionalBox professional
                ? professional.box().type().name()
                : PATIENT)
            .orElseGet(() -> isOurs(box) ? UNKNOWN : REMOTE);
    }

    private boolean isOurs(BoxAddress box) {
        String domain = box.domain();
        if (domain.startsWith(PatientAddress.DOMAIN_PREFIX)) {
            domain = domain.substring(PatientAddress.DOMAIN_PREFIX.length());
        }
        try {
            return domains.containsDomain(Domain.of(domain));
        } catch (DomainListException | IllegalArgumentException e) {
            return false;
        }
    }
}
