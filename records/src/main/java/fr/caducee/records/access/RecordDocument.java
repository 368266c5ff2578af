package fr.caducee.records.access;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import fr.caducee.domain.documents.ConfidentialityCodes;
import fr.caducee.records.DocumentStatus;

/**
 * What the access rules need to know of a stored version.
 *
 * @param typeCode its LOINC type
 * @param authorIdNat its author's national id
 * @param depositedBy the box that deposited it
 * @param confidentialityCodes upper case ({@code N}, {@code MASQUE_PS}, {@code INVISIBLE_PATIENT}...)
 */
public record RecordDocument(UUID id, String patientIns, String typeCode, String authorIdNat, String depositedBy,
                             Set<String> confidentialityCodes, DocumentStatus status) {
    public RecordDocument {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patientIns, "patientIns");
        Objects.requireNonNull(typeCode, "typeCode");
        Objects.requireNonNull(authorIdNat, "authorIdNat");
        Objects.requireNonNull(depositedBy, "depositedBy");
        confidentialityCodes = Set.copyOf(confidentialityCodes);
        Objects.requireNonNull(status, "status");
    }

    public boolean maskedFromProfessionals() {
        return confidentialityCodes.contains(ConfidentialityCodes.MASQUE_PS);
    }

    public boolean invisibleToPatient() {
        return confidentialityCodes.contains(ConfidentialityCodes.INVISIBLE_PATIENT);
    }

    public boolean invisibleToRepresentatives() {
        return confidentialityCodes.contains(ConfidentialityCodes.INVISIBLE_REP_LEGAUX);
    }
}
