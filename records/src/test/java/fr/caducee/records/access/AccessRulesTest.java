package fr.caducee.records.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import fr.caducee.records.DocumentStatus;

class AccessRulesTest {
    private static final String INS = "146026322000196";
    private static final String LAB_REPORT = "11502-2";
    private static final String IMAGING = "18748-4";
    private static final String SAMU = "750000001";
    private static final AccessRules RULES = new AccessRules(
        AuthorisationMatrix.of(Map.of("10", Set.of("*"), "21", Set.of(LAB_REPORT))), Set.of(SAMU));

    private static final Reader.Professional DOCTOR = new Reader.Professional("810000000001", "10", "dr@h.fr", Optional.empty());
    private static final Reader.Professional AUTHOR = new Reader.Professional("810000000009", "10", "au@h.fr", Optional.empty());
    private static final Reader.Professional PHARMACIST = new Reader.Professional("810000000002", "21", "ph@h.fr", Optional.empty());
    private static final Reader.Professional REGULATOR = new Reader.Professional("810000000003", "10", "reg@samu.fr", Optional.of(SAMU));
    private static final Reader.Patient PATIENT = new Reader.Patient(INS, INS + "@patient.h.fr");
    /** The patient's parent, through the webmail. */
    private static final Reader.Representative PARENT = new Reader.Representative("255081416802538", INS,
        "255081416802538@patient.h.fr");

    private static RecordDocument document(String type, String... codes) {
        return new RecordDocument(UUID.randomUUID(), INS, type, AUTHOR.idNat(), "lab@h.fr", Set.of(codes),
            DocumentStatus.CURRENT);
    }

    private static AccessRequest emergency(Reader reader, String justification) {
        return new AccessRequest(reader, AccessMode.EMERGENCY, Optional.ofNullable(justification));
    }

    @Test
    void aDoctorReadsEveryTypeOfTheMatrix() {
        assertThat(RULES.openRecord(AccessRequest.normal(DOCTOR), INS, PatientChoices.none(INS))).isEmpty();
        assertThat(RULES.verdict(AccessRequest.normal(DOCTOR), document(IMAGING))).isEqualTo(AccessRules.Verdict.SHOWN);
    }

    @Test
    void aPharmacistDoesNotReadATypeTheMatrixDoesNotGiveThem() {
        assertThat(RULES.verdict(AccessRequest.normal(PHARMACIST), document(LAB_REPORT))).isEqualTo(AccessRules.Verdict.SHOWN);
        assertThat(RULES.verdict(AccessRequest.normal(PHARMACIST), document(IMAGING)))
            .isEqualTo(AccessRules.Verdict.NOT_FOR_PROFESSION);
        assertThat(RULES.searchType(AccessRequest.normal(PHARMACIST), IMAGING))
            .hasValueSatisfying(refusal -> assertThat(refusal.rule()).isEqualTo("record-profession-matrix"));
    }

    @Test
    void aMaskedDocumentIsShownToItsAuthorAndThePatientOnly() {
        RecordDocument masked = document(LAB_REPORT, "MASQUE_PS");
        assertThat(RULES.verdict(AccessRequest.normal(AUTHOR), masked)).isEqualTo(AccessRules.Verdict.SHOWN);
        assertThat(RULES.verdict(AccessRequest.normal(PATIENT), masked)).isEqualTo(AccessRules.Verdict.SHOWN);
        assertThat(RULES.verdict(AccessRequest.normal(DOCTOR), masked)).isEqualTo(AccessRules.Verdict.HIDDEN);
    }

    @Test
    void aMaskedDocumentStaysHiddenInAnEmergency() {
        assertThat(RULES.verdict(emergency(DOCTOR, "unconscious at the ED"), document(LAB_REPORT, "MASQUE_PS")))
            .isEqualTo(AccessRules.Verdict.HIDDEN);
    }

    @Test
    void aBlockedProfessionalCannotOpenTheRecordEvenInAnEmergency() {
        PatientChoices choices = new PatientChoices(INS, false, Set.of(DOCTOR.idNat()), Optional.empty());
        assertThat(RULES.openRecord(AccessRequest.normal(DOCTOR), INS, choices))
            .hasValueSatisfying(refusal -> assertThat(refusal.rule()).isEqualTo("record-reader-blocked"));
        assertThat(RULES.openRecord(emergency(DOCTOR, "cardiac arrest"), INS, choices))
            .hasValueSatisfying(refusal -> assertThat(refusal.status()).isEqualTo(403));
    }

    @Test
    void anEmergencyOpensEveryTypeToAnyProfessional() {
        AccessRequest request = emergency(PHARMACIST, "patient unconscious in the pharmacy");
        assertThat(RULES.openRecord(request, INS, PatientChoices.none(INS))).isEmpty();
        assertThat(RULES.verdict(request, document(IMAGING))).isEqualTo(AccessRules.Verdict.SHOWN);
        assertThat(RULES.searchType(request, IMAGING)).isEmpty();
    }

    @Test
    void anEmergencyIsRefusedWhenThePatientRefusedIt() {
        PatientChoices refused = new PatientChoices(INS, true, Set.of(), Optional.empty());
        assertThat(RULES.openRecord(emergency(PHARMACIST, "unconscious"), INS, refused))
            .hasValueSatisfying(refusal -> assertThat(refusal.rule()).isEqualTo("record-emergency-refused"));
        assertThat(RULES.openRecord(AccessRequest.normal(PHARMACIST), INS, refused)).isEmpty();
    }

    @Test
    void anEmergencyWithoutJustificationIsABadRequest() {
        assertThat(RULES.openRecord(emergency(DOCTOR, "   "), INS, PatientChoices.none(INS)))
            .hasValueSatisfying(refusal -> {
                assertThat(refusal.status()).isEqualTo(400);
                assertThat(refusal.rule()).isEqualTo("record-emergency-unjustified");
            });
    }

    @Test
    void aRegulatorOfAListedCallCentreReadsAsRegulator() {
        AccessRequest request = new AccessRequest(REGULATOR, AccessMode.REGULATOR, Optional.of("call 15, chest pain"));
        assertThat(RULES.openRecord(request, INS, PatientChoices.none(INS))).isEmpty();
        assertThat(RULES.verdict(request, document(IMAGING))).isEqualTo(AccessRules.Verdict.SHOWN);
    }

    @Test
    void aProfessionalOutsideTheListedCallCentresCannotReadAsRegulator() {
        AccessRequest request = new AccessRequest(DOCTOR, AccessMode.REGULATOR, Optional.of("call 15"));
        assertThat(RULES.openRecord(request, INS, PatientChoices.none(INS)))
            .hasValueSatisfying(refusal -> assertThat(refusal.rule()).isEqualTo("record-not-regulator"));
    }

    @Test
    void aRegulatorIsRefusedWhenThePatientRefusedEmergencyAccess() {
        AccessRequest request = new AccessRequest(REGULATOR, AccessMode.REGULATOR, Optional.of("call 15"));
        assertThat(RULES.openRecord(request, INS, new PatientChoices(INS, true, Set.of(), Optional.empty())))
            .hasValueSatisfying(refusal -> assertThat(refusal.rule()).isEqualTo("record-emergency-refused"));
    }

    @Test
    void thePatientDoesNotSeeWhatIsInvisibleToThem() {
        assertThat(RULES.verdict(AccessRequest.normal(PATIENT), document(LAB_REPORT, "INVISIBLE_PATIENT")))
            .isEqualTo(AccessRules.Verdict.HIDDEN);
        assertThat(RULES.verdict(AccessRequest.normal(DOCTOR), document(LAB_REPORT, "INVISIBLE_PATIENT")))
            .isEqualTo(AccessRules.Verdict.SHOWN);
    }

    @Test
    void aPatientReadsTheirOwnRecordOnly() {
        assertThat(RULES.openRecord(AccessRequest.normal(PATIENT), INS, PatientChoices.none(INS))).isEmpty();
        assertThat(RULES.openRecord(AccessRequest.normal(PATIENT), "255081416802538", PatientChoices.none(INS)))
            .hasValueSatisfying(refusal -> assertThat(refusal.rule()).isEqualTo("record-other-patient"));
    }

    @Test
    void aRepresentativeReadsWhatThePatientReadsExceptWhatIsInvisibleToRepresentatives() {
        assertThat(AccessRequest.normal(PARENT).mode()).isEqualTo(AccessMode.PATIENT);
        assertThat(RULES.openRecord(AccessRequest.normal(PARENT), INS, PatientChoices.none(INS))).isEmpty();
        assertThat(RULES.verdict(AccessRequest.normal(PARENT), document(IMAGING))).isEqualTo(AccessRules.Verdict.SHOWN);
        assertThat(RULES.verdict(AccessRequest.normal(PARENT), document(IMAGING, "MASQUE_PS")))
            .isEqualTo(AccessRules.Verdict.SHOWN);
        assertThat(RULES.verdict(AccessRequest.normal(PARENT), document(IMAGING, "INVISIBLE_REP_LEGAUX")))
            .isEqualTo(AccessRules.Verdict.HIDDEN);
        assertThat(RULES.verdict(AccessRequest.normal(PARENT), document(IMAGING, "INVISIBLE_PATIENT")))
            .isEqualTo(AccessRules.Verdict.HIDDEN);
        assertThat(RULES.verdict(AccessRequest.normal(PATIENT), document(IMAGING, "INVISIBLE_REP_LEGAUX")))
            .isEqualTo(AccessRules.Verdict.SHOWN);
    }

    @Test
    void aRepresentativeReadsTheRepresentedPatientsRecordOnlyAndDeclaresNoMode() {
        assertThat(RULES.openRecord(AccessRequest.normal(PARENT), PARENT.ins(), PatientChoices.none(PARENT.ins())))
            .hasValueSatisfying(refusal -> assertThat(refusal.rule()).isEqualTo("record-other-patient"));
        assertThat(RULES.openRecord(emergency(PARENT, "urgence"), INS, PatientChoices.none(INS)))
            .hasValueSatisfying(refusal -> assertThat(refusal.rule()).isEqualTo("record-mode-not-for-patient"));
        RecordDocument parentsOwn = new RecordDocument(UUID.randomUUID(), PARENT.ins(), IMAGING, AUTHOR.idNat(),
            "lab@h.fr", Set.of(), DocumentStatus.CURRENT);
        assertThat(RULES.verdict(AccessRequest.normal(PARENT), parentsOwn)).isEqualTo(AccessRules.Verdict.HIDDEN);
    }

    @Test
    void softwareReadsBackWhatItsBoxDepositedOnly() {
        AccessRequest lab = AccessRequest.normal(new Reader.Software("lab@h.fr", Optional.empty()));
        AccessRequest other = AccessRequest.normal(new Reader.Software("his@h.fr", Optional.empty()));
        assertThat(RULES.verdict(lab, document(IMAGING))).isEqualTo(AccessRules.Verdict.SHOWN);
        assertThat(RULES.verdict(other, document(IMAGING))).isEqualTo(AccessRules.Verdict.HIDDEN);
        assertThat(RULES.openRecord(new AccessRequest(lab.reader(), AccessMode.EMERGENCY, Optional.of("x")), INS,
            PatientChoices.none(INS))).isPresent();
    }

    @Test
    void aDeletedVersionIsShownToNobody() {
        RecordDocument deleted = new RecordDocument(UUID.randomUUID(), INS, LAB_REPORT, AUTHOR.idNat(), "lab@h.fr",
            Set.of(), DocumentStatus.DELETED);
        assertThat(RULES.verdict(AccessRequest.normal(AUTHOR), deleted)).isEqualTo(AccessRules.Verdict.HIDDEN);
        assertThat(RULES.verdict(AccessRequest.normal(PATIENT), deleted)).isEqualTo(AccessRules.Verdict.HIDDEN);
    }
}
