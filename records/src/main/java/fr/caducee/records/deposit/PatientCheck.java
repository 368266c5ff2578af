package fr.caducee.records.deposit;

import static fr.caducee.records.IntegrationError.INCOMPLETE_INS;
import static fr.caducee.records.IntegrationError.INS_MISMATCH;
import static fr.caducee.records.IntegrationError.NO_INS;
import static fr.caducee.records.IntegrationError.UNKNOWN_PATIENT;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.documents.CdaHeader;
import fr.caducee.domain.documents.CdaHeader.PatientTraits;
import fr.caducee.domain.documents.InstanceIdentifier;
import fr.caducee.domain.documents.PatientId;
import fr.caducee.domain.documents.Shown;
import fr.caducee.domain.documents.XdmEntry;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.model.Patient;

/**
 * Who a document is for: its INS, complete and with its traits (903, 905), the same in the metadata (904), and a
 * patient of this operator whose registered traits the document does not contradict (902, 904).
 */
final class PatientCheck {
    private PatientCheck() {
    }

    /** A document's patient, as the document identifies them. */
    record Identified(Ins ins, String authority) {
    }

    static Identified identify(CdaHeader cda, XdmEntry entry, String document) throws RefusedDeposit {
        Optional<InstanceIdentifier> written = cda.ins();
        if (written.isEmpty()) {
            Optional<InstanceIdentifier> unqualified = cda.patientIds().stream()
                .filter(id -> Ins.isValid(id.extension())).findFirst();
            if (unqualified.isPresent()) {
                String root = unqualified.get().root();
                throw new RefusedDeposit(INCOMPLETE_INS, DepositRules.INS_WITHOUT_OID, document + " gives the patient "
                    + "the number " + Shown.value(unqualified.get().extension())
                    + (root.isEmpty() ? " without a root" : " under the root " + Shown.value(root))
                    + ", not an INS OID: write the INS in "
                    + "recordTarget/patientRole/id with its root (" + Ins.NIR_OID + " NIR, .9 NIA, .10 test, .11 demo)");
            }
            throw new RefusedDeposit(NO_INS, DepositRules.NO_INS, document + " identifies its patient by "
                + cda.patientIds().size() + " id(s) but none is an INS (recordTarget/patientRole/id with root "
                + Ins.NIR_OID + " NIR, .9 NIA, .10 test or .11 demo): add the patient's qualified INS");
        }
        InstanceIdentifier id = written.get();
        Ins ins;
        try {
            ins = Ins.parse(id.extension());
        } catch (InvalidIdentifierException e) {
            throw new RefusedDeposit(INCOMPLETE_INS, DepositRules.INS_INVALID, document + " gives the INS "
                + Shown.value(id.extension()) + ": " + e.problem() + "; send the patient's full INS matricule, "
                + "15 characters with its key");
        }
        List<String> missing = missingTraits(cda.patient());
        if (!missing.isEmpty()) {
            throw new RefusedDeposit(INCOMPLETE_INS, DepositRules.INS_TRAITS_MISSING, document + " gives the INS "
                + ins + " without the patient's " + String.join(", ", missing) + ": an INS travels with its identity "
                + "traits, as the INS service returned them");
        }
        Optional<PatientId> declared = entry.document().patientId()
            .filter(pid -> PatientId.INS_AUTHORITIES.contains(pid.authority()));
        if (declared.isPresent() && !(declared.get().id().equalsIgnoreCase(ins.matricule())
                && declared.get().authority().equals(id.root()))) {
            throw new RefusedDeposit(INS_MISMATCH, DepositRules.INS_MISMATCH, "METADATA.XML gives the document "
                + Shown.value(entry.id()) + " the patient " + Shown.value(declared.get().value()) + " but "
                + document + " is for " + ins + " (" + id.root() + "): the metadata and the document must name the "
                + "same INS");
        }
        return new Identified(ins, id.root());
    }

    /** The patient registered here, whose name and birth date the document must not contradict. */
    static Patient registered(Directory directory, Identified patient, CdaHeader cda, String document)
            throws RefusedDeposit {
        Optional<Patient> found = directory.patient(patient.ins());
        if (found.isEmpty()) {
            throw new RefusedDeposit(UNKNOWN_PATIENT, DepositRules.PATIENT_UNKNOWN, document + " is for the patient "
                + patient.ins() + ", who has no record with this operator: check the INS, or deposit the document "
                + "with the operator that keeps this patient's record");
        }
        Patient registered = found.get();
        PatientTraits traits = cda.patient();
        String name = folded(registered.lastName());
        if (traits.familyNames().stream().map(PatientCheck::folded).noneMatch(name::equals)) {
            throw new RefusedDeposit(INS_MISMATCH, DepositRules.TRAITS_MISMATCH, document + " names the patient "
                + patient.ins() + " " + Shown.value(traits.birthFamilyName().orElse("")) + ", but the record of that "
                + "INS is in another family name: check the patient's identity against the INS service");
        }
        if (registered.birthDate().isPresent() && traits.birthDate().isPresent()
                && !registered.birthDate().get().equals(traits.birthDate().get())) {
            throw new RefusedDeposit(INS_MISMATCH, DepositRules.TRAITS_MISMATCH, document + " gives the patient "
                + patient.ins() + " the birth date " + traits.birthDate().get() + ", but the record of that INS has "
                + "another: check the patient's identity against the INS service");
        }
        return registered;
    }

    /** The INS traits this document lacks; the birthplace is read when written, not required: many senders omit it. */
    private static List<String> missingTraits(PatientTraits traits) {
        List<String> missing = new ArrayList<>();
        if (traits.birthFamilyName().isEmpty()) {
            missing.add("birth family name");
        }
        if (traits.givenNames().isEmpty()) {
            missing.add("given names");
        }
        if (traits.birthDate().isEmpty()) {
            missing.add("birth date");
        }
        if (traits.gender().isEmpty()) {
            missing.add("sex");
        }
        return missing;
    }

    /** A name as registers compare them: no accents, upper case, hyphens, apostrophes and blanks as one space. */
    static String folded(String name) {
        String bare = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return bare.toUpperCase(Locale.ROOT).replaceAll("[\\s\\-'\u2019]+", " ").trim();
    }
}
