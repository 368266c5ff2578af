package fr.caducee.mailets.xdm;

import java.util.Optional;

/**
 * One document declared in {@code METADATA.XML} (an ebRIM {@code ExtrinsicObject}, XDS DocumentEntry).
 *
 * @param id the entry's id in the metadata, to name it in a reply
 * @param typeCode the LOINC code of its typeCode classification, if any
 * @param patientId its patientId external identifier, if any
 */
public record DocumentEntry(String id, Optional<String> typeCode, Optional<PatientId> patientId) {
}
