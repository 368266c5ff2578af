package fr.caducee.domain.documents;

import java.util.Objects;
import java.util.Optional;

/**
 * An ebRIM {@code Association} of {@code METADATA.XML}: what one registry object says of another.
 *
 * @param type its {@code associationType}, e.g. {@value #RPLC}
 * @param source its {@code sourceObject}
 * @param target its {@code targetObject}
 * @param newStatus its {@code NewStatus} slot, for an {@value #UPDATE_AVAILABILITY_STATUS} association
 */
public record XdmAssociation(String type, String source, String target, Optional<String> newStatus) {
    public static final String HAS_MEMBER = "urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember";
    /** IHE XDS: the source document replaces the target one. */
    public static final String RPLC = "urn:ihe:iti:2007:AssociationType:RPLC";
    /** IHE XDS metadata update (ITI-57): changes the target's availability, e.g. to deprecated or deleted. */
    public static final String UPDATE_AVAILABILITY_STATUS = "urn:ihe:iti:2010:AssociationType:UpdateAvailabilityStatus";
    /** The French shared record's status of a deleted document (CI-SIS), beside XDS's Deprecated. */
    public static final String DELETED = "urn:asip:ci-sis:2010:StatusType:Deleted";

    public XdmAssociation {
        type = Objects.requireNonNullElse(type, "").trim();
        source = Objects.requireNonNullElse(source, "").trim();
        target = Objects.requireNonNullElse(target, "").trim();
        newStatus = Objects.requireNonNullElse(newStatus, Optional.empty());
    }

    /** An availability update that withdraws its target (Deprecated in XDS, Deleted in the French record). */
    public boolean withdraws() {
        return UPDATE_AVAILABILITY_STATUS.equals(type)
            && newStatus.filter(s -> XdmEntry.DEPRECATED.equals(s) || DELETED.equals(s)).isPresent();
    }
}
