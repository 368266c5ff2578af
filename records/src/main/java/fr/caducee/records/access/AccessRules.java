package fr.caducee.records.access;

import java.util.Optional;
import java.util.Set;

import fr.caducee.records.DocumentStatus;

/**
 * Who may read what in a patient's record (the decisions only; the server traces each access):
 * <ul>
 *   <li>the patient reads their own record, except documents marked {@code INVISIBLE_PATIENT};</li>
 *   <li>a professional reads the types the {@link AuthorisationMatrix} gives their profession, unless the patient
 *       blocked them; in an emergency ("bris de glace") or as a regulator of an emergency call centre (SAMU-Centre
 *       15), with a justification, every type, unless the patient refused emergency access;</li>
 *   <li>a {@code MASQUE_PS} document is shown to its author and the patient only, in every mode: the patient's
 *       choice to hide it is not lifted by an emergency;</li>
 *   <li>software (an APP box) reads back what its box deposited, nothing else;</li>
 *   <li>a legal representative (a parent, through the webmail) reads what the patient they represent reads, except
 *       documents marked {@code INVISIBLE_REP_LEGAUX};</li>
 *   <li>deleted versions are shown to nobody.</li>
 * </ul>
 */
public final class AccessRules {
    static final int MAX_JUSTIFICATION = 1000;

    private final AuthorisationMatrix matrix;
    private final Set<String> regulatorStructures;

    /** @param regulatorStructures national ids (FINESS, SIRET) of the structures that are emergency call centres */
    public AccessRules(AuthorisationMatrix matrix, Set<String> regulatorStructures) {
        this.matrix = matrix;
        this.regulatorStructures = Set.copyOf(regulatorStructures);
    }

    /** What the rules say of one document for one request. */
    public enum Verdict {
        SHOWN,
        /** Not shown, and its existence not told: deleted, masked, invisible to the patient, another's. */
        HIDDEN,
        /** Existing and visible in an emergency, but not a type the reader's profession reads normally. */
        NOT_FOR_PROFESSION
    }

    /** Whether this request may open this patient's record at all; empty when it may. */
    public Optional<AccessRefusal> openRecord(AccessRequest request, String patientIns, PatientChoices choices) {
        Reader reader = request.reader();
        if (reader instanceof Reader.Patient patient) {
            if (request.mode() != AccessMode.PATIENT) {
                return Optional.of(AccessRefusal.badRequest("record-mode-not-for-patient",
                    "Emergency and regulator access are for professionals: a patient reads their record without "
                        + "declaring a mode"));
            }
            return patient.ins().equals(patientIns) ? Optional.empty() : Optional.of(AccessRefusal.forbidden(
                "record-other-patient", "A patient reads their own record only"));
        }
        if (reader instanceof Reader.Representative representative) {
            if (request.mode() != AccessMode.PATIENT) {
                return Optional.of(AccessRefusal.badRequest("record-mode-not-for-patient",
                    "Emergency and regulator access are for professionals: a representative reads the record without "
                        + "declaring a mode"));
            }
            return representative.patientIns().equals(patientIns) ? Optional.empty() : Optional.of(
                AccessRefusal.forbidden("record-other-patient", "A representative reads the record of the patient "
                    + "they represent only"));
        }
        if (reader instanceof Reader.Software) {
            return request.mode() == AccessMode.NORMAL ? Optional.empty() : Optional.of(AccessRefusal.forbidden(
                "record-mode-not-for-software", "Emergency and regulator access are declared by a professional, "
                    + "in their own name: log in with their box, not with a software box"));
        }
        Reader.Professional professional = (Reader.Professional) reader;
        if (request.mode() == AccessMode.PATIENT) {
            return Optional.of(AccessRefusal.badRequest("record-mode-unknown", "This access mode is the patient's"));
        }
        if (choices.blocked().contains(professional.idNat())) {
            return Optional.of(AccessRefusal.forbidden("record-reader-blocked",
                "The patient has blocked your access to their record, in every mode"));
        }
        if (request.mode().emergency()) {
            if (request.justification().isEmpty()) {
                return Optional.of(AccessRefusal.badRequest("record-emergency-unjustified",
                    "An emergency or regulator access needs a justification: say why in X-Access-Justification"));
            }
            if (request.justification().get().length() > MAX_JUSTIFICATION) {
                return Optional.of(AccessRefusal.badRequest("record-emergency-unjustified",
                    "The justification is longer than " + MAX_JUSTIFICATION + " characters: shorten it"));
            }
            if (request.mode() == AccessMode.REGULATOR && !isRegulator(professional)) {
                return Optional.of(AccessRefusal.forbidden("record-not-regulator",
                    "Regulator access is for the boxes of an emergency call centre (SAMU-Centre 15) this operator "
                        + "lists; in an emergency, declare X-Access-Mode: emergency instead"));
            }
            if (choices.emergencyRefused()) {
                return Optional.of(AccessRefusal.forbidden("record-emergency-refused",
                    "The patient has refused emergency access to their record: only the documents your profession "
                        + "reads normally are open to you"));
            }
        }
        return Optional.empty();
    }

    /** What this request sees of a document of a record it may open ({@link #openRecord}). */
    public Verdict verdict(AccessRequest request, RecordDocument document) {
        if (document.status() == DocumentStatus.DELETED) {
            return Verdict.HIDDEN;
        }
        Reader reader = request.reader();
        if (reader instanceof Reader.Patient patient) {
            return patient.ins().equals(document.patientIns()) && !document.invisibleToPatient()
                ? Verdict.SHOWN : Verdict.HIDDEN;
        }
        if (reader instanceof Reader.Representative representative) {
            return representative.patientIns().equals(document.patientIns()) && !document.invisibleToPatient()
                && !document.invisibleToRepresentatives() ? Verdict.SHOWN : Verdict.HIDDEN;
        }
        if (reader instanceof Reader.Software software) {
            return software.box().equalsIgnoreCase(document.depositedBy()) ? Verdict.SHOWN : Verdict.HIDDEN;
        }
        Reader.Professional professional = (Reader.Professional) reader;
        boolean author = professional.idNat().equals(document.authorIdNat());
        if (document.maskedFromProfessionals() && !author) {
            return Verdict.HIDDEN;
        }
        if (author || request.mode().emergency() || matrix.allows(professional.professionCode(), document.typeCode())) {
            return Verdict.SHOWN;
        }
        return Verdict.NOT_FOR_PROFESSION;
    }

    /**
     * A search by document type that the reader's profession never reads outside an emergency is refused rather
     * than answered empty, so that the reader learns why; empty when allowed.
     */
    public Optional<AccessRefusal> searchType(AccessRequest request, String typeCode) {
        if (request.reader() instanceof Reader.Professional professional && request.mode() == AccessMode.NORMAL
                && !matrix.allows(professional.professionCode(), typeCode)) {
            return Optional.of(notForProfession(professional, typeCode));
        }
        return Optional.empty();
    }

    /** The refusal of a read whose verdict is {@link Verdict#NOT_FOR_PROFESSION}. */
    public AccessRefusal notForProfession(Reader.Professional professional, String typeCode) {
        String profession = professional.professionCode().isEmpty()
            ? "your profession (unknown to the directory)" : "your profession (code " + professional.professionCode() + ")";
        return AccessRefusal.forbidden("record-profession-matrix", "Documents of type " + typeCode + " are not "
            + "open to " + profession + " in this operator's authorisation matrix; in an emergency, declare it with "
            + "X-Access-Mode: emergency and X-Access-Justification");
    }

    private boolean isRegulator(Reader.Professional professional) {
        return professional.structureId().filter(regulatorStructures::contains).isPresent();
    }
}
