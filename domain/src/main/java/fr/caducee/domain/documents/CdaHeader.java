package fr.caducee.domain.documents;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import fr.caducee.domain.identifier.IdNat;

/**
 * What the header of a CDA R2 document says about it: which document and version, of which type, for which patient,
 * by whom, and which version it replaces. Read by {@link CdaReader}; values are as written, trimmed.
 *
 * @param id {@code ClinicalDocument/id}, the document's unique id
 * @param setId {@code setId}, shared by the versions of one document, when written
 * @param version {@code versionNumber}, 1 when absent
 * @param typeCode {@code code/@code}, the document type (LOINC in the French trust space), when written
 * @param typeCodeSystem {@code code/@codeSystem}, when written
 * @param title {@code title}, blanks collapsed, empty when absent
 * @param effectiveTime {@code effectiveTime/@value} as written, when written
 * @param confidentialityCode {@code confidentialityCode/@code} (HL7 {@code N}, {@code R}, {@code V}), when written
 * @param recordTargets how many {@code recordTarget} the document has: one patient per document
 * @param patientIds every {@code recordTarget/patientRole/id} of the first record target, in document order
 * @param patient the first record target's identity traits
 * @param authorIds every {@code author/assignedAuthor/id} of the first author, in document order
 * @param authorOrganization that author's {@code representedOrganization/id}, when written
 * @param replaces {@code relatedDocument[@typeCode='RPLC']/parentDocument}, for a new version of a document
 */
public record CdaHeader(InstanceIdentifier id, Optional<InstanceIdentifier> setId, int version,
                        Optional<String> typeCode, Optional<String> typeCodeSystem, String title,
                        Optional<String> effectiveTime, Optional<String> confidentialityCode, int recordTargets,
                        List<InstanceIdentifier> patientIds, PatientTraits patient, List<InstanceIdentifier> authorIds,
                        Optional<InstanceIdentifier> authorOrganization, Optional<ParentDocument> replaces) {
    /** LOINC's OID, the code system of French document types. */
    public static final String LOINC = "2.16.840.1.113883.6.1";

    public CdaHeader {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patient, "patient");
        patientIds = List.copyOf(patientIds);
        authorIds = List.copyOf(authorIds);
        title = Objects.requireNonNullElse(title, "");
    }

    /** The unique id as XDS writes it ({@code root} or {@code root^extension}). */
    public String uniqueId() {
        return id.value();
    }

    /** The patient id whose root is an INS authority (NIR, NIA, test, demo), if any. */
    public Optional<InstanceIdentifier> ins() {
        return patientIds.stream().filter(id -> PatientId.INS_AUTHORITIES.contains(id.root())).findFirst();
    }

    /** The author's national id as written ({@code 8} + RPPS, {@code 0} + ADELI...), from the id whose root is {@value IdNat#OID}. */
    public Optional<String> authorIdNat() {
        return authorIds.stream().filter(id -> IdNat.OID.equals(id.root()) && !id.extension().isEmpty())
            .map(InstanceIdentifier::extension).findFirst();
    }

    public Optional<Instant> effectiveInstant() {
        return effectiveTime.flatMap(Hl7Time::instant);
    }

    /**
     * The patient's identity traits in the document (the INS's "traits d'identité").
     *
     * @param birthFamilyName the family name qualified {@code BR} (birth name), else the first family name
     * @param familyNames every family name, whatever its qualifier
     * @param givenNames the given names, birth ones first, without repeats
     * @param birthTime {@code birthTime/@value} as written
     * @param gender {@code administrativeGenderCode/@code} ({@code F}, {@code M}, {@code U})
     * @param birthplace {@code birthplace/place/addr}: the INSEE code ({@code county}) and the town, when written
     */
    public record PatientTraits(Optional<String> birthFamilyName, List<String> familyNames, List<String> givenNames,
                                Optional<String> birthTime, Optional<String> gender, Optional<String> birthplace) {
        public PatientTraits {
            familyNames = List.copyOf(familyNames);
            givenNames = List.copyOf(givenNames);
        }

        public Optional<LocalDate> birthDate() {
            return birthTime.flatMap(Hl7Time::date);
        }
    }

    /**
     * The version a new version replaces.
     *
     * @param id its unique id
     * @param setId its set, when written
     * @param version its version number, when written
     */
    public record ParentDocument(InstanceIdentifier id, Optional<InstanceIdentifier> setId, Optional<Integer> version) {
        public String uniqueId() {
            return id.value();
        }
    }
}
