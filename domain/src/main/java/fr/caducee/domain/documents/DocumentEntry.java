package fr.caducee.domain.documents;

import java.util.Optional;
import java.util.Set;

/**
 * One document declared in {@code METADATA.XML} (an ebRIM {@code ExtrinsicObject}, XDS DocumentEntry).
 *
 * @param id the entry's id in the metadata, to name it in a reply
 * @param typeCode the LOINC code of its typeCode classification, if any
 * @param patientId its patientId external identifier, if any
 * @param confidentialityCodes its confidentialityCode classifications, upper case (e.g. {@code N},
 *     {@code MASQUE_PS}); see {@link ConfidentialityCodes}
 */
public record DocumentEntry(String id, Optional<String> typeCode, Optional<PatientId> patientId,
                            Set<String> confidentialityCodes) {

    public DocumentEntry {
        confidentialityCodes = Set.copyOf(confidentialityCodes);
    }

    /** A document with no confidentiality code. */
    public DocumentEntry(String id, Optional<String> typeCode, Optional<PatientId> patientId) {
        this(id, typeCode, patientId, Set.of());
    }
}
