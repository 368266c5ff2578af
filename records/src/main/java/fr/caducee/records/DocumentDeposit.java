package fr.caducee.records;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One document of a deposit that passed the checks, as read from its CDA header and its XDM metadata.
 *
 * @param uniqueId the CDA's {@code ClinicalDocument/id} ({@code root} or {@code root^extension}), the XDS uniqueId
 * @param setId the CDA's {@code setId}, shared by the versions of one document
 * @param version the CDA's {@code versionNumber}, 1 when absent
 * @param action new, replacement or deletion
 * @param replaces for a replacement or a deletion, the unique id of the version it replaces or withdraws
 * @param patientIns the patient's INS matricule (15 characters)
 * @param insAuthority the INS's OID (NIR, NIA, test or demo)
 * @param authorIdNat the author's national id as written ({@code 8} + RPPS, or ADELI...), from
 *     {@code author/assignedAuthor/id}
 * @param typeCode the LOINC code of the document type ({@code ClinicalDocument/code})
 * @param title the CDA's title, the only clinical data a message to the patient may carry
 * @param confidentialityCodes the metadata's codes, upper case ({@code N}, {@code MASQUE_PS}, {@code INVISIBLE_PATIENT},
 *     {@code INVISIBLE_REP_LEGAUX}...)
 * @param effectiveTime the CDA's {@code effectiveTime}, when readable
 * @param mediaType the stored content's type ({@code text/xml} for a CDA)
 * @param content the document's bytes as deposited (the CDA XML)
 */
public record DocumentDeposit(String uniqueId, String setId, int version, DocumentAction action,
                              Optional<String> replaces, String patientIns, String insAuthority, String authorIdNat,
                              String typeCode, String title, Set<String> confidentialityCodes,
                              Optional<Instant> effectiveTime, String mediaType, byte[] content) {
    public DocumentDeposit {
        Objects.requireNonNull(uniqueId, "uniqueId");
        Objects.requireNonNull(setId, "setId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(patientIns, "patientIns");
        Objects.requireNonNull(content, "content");
        replaces = Objects.requireNonNullElse(replaces, Optional.empty());
        effectiveTime = Objects.requireNonNullElse(effectiveTime, Optional.empty());
        confidentialityCodes = Set.copyOf(confidentialityCodes);
        if (action != DocumentAction.NEW && replaces.isEmpty()) {
            throw new IllegalArgumentException(action + " of " + uniqueId + " names no version to act on");
        }
    }
}
