package fr.caducee.records;

import java.util.UUID;

/**
 * What the checks of a replacement or a deletion need to know of a version already in the record.
 *
 * @param id the stored row's id
 * @param uniqueId its CDA id
 * @param setId its CDA setId
 * @param version its CDA versionNumber
 * @param patientIns the patient's INS matricule
 * @param authorIdNat its author's national id
 * @param depositedBy the box that deposited it
 * @param status current, superseded or deleted
 */
public record StoredVersion(UUID id, String uniqueId, String setId, int version, String patientIns,
                            String authorIdNat, String depositedBy, DocumentStatus status) {
}
