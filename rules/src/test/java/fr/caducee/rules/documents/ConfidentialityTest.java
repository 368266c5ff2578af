package fr.caducee.rules.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.documents.DocumentEntry;

class ConfidentialityTest {
    private static final String PATIENT = "146026322000196@patient.chu.localhost";
    private static final String DOCTOR = "dr.durand@chu.localhost";

    @Test
    void aDocumentInvisibleToThePatientMayNotGoToAPatientsBox() {
        Optional<Confidentiality.Refusal> refusal = Confidentiality.check(List.of(entry("Document01", "INVISIBLE_PATIENT")),
            List.of(DOCTOR, PATIENT));

        assertThat(refusal).map(hidden -> hidden.rule().id()).contains("document-invisible-to-patient");
        assertThat(refusal.get().sentence()).contains("Document01").contains("INVISIBLE_PATIENT").contains(PATIENT)
            .contains("without the patient among its recipients, or without that document");
    }

    @Test
    void aDocumentInvisibleToThePatientMayGoToProfessionals() {
        assertThat(Confidentiality.check(List.of(entry("Document01", "INVISIBLE_PATIENT")), List.of(DOCTOR))).isEmpty();
    }

    @Test
    void aDocumentMaskedFromProfessionalsMayNotGoToAProfessionalsBox() {
        Optional<Confidentiality.Refusal> refusal = Confidentiality.check(
            List.of(entry("Document01"), entry("Document02", "MASQUE_PS")), List.of(PATIENT, DOCTOR));

        assertThat(refusal).map(hidden -> hidden.rule().id()).contains("document-masked-from-professionals");
        assertThat(refusal.get().sentence()).contains("Document02").contains("MASQUE_PS").contains(DOCTOR)
            .contains("to the patient only");
    }

    @Test
    void aDocumentMaskedFromProfessionalsMayStillGoToThePatient() {
        assertThat(Confidentiality.check(List.of(entry("Document01", "MASQUE_PS")), List.of(PATIENT))).isEmpty();
    }

    @Test
    void aPatientBoxOfAnotherOperatorIsAPatientsBoxToo() {
        assertThat(Confidentiality.check(List.of(entry("Document01", "INVISIBLE_PATIENT")),
            List.of("146026322000196@PATIENT.clinique.localhost"))).isPresent();
    }

    @Test
    void documentsWithoutFrenchCodesGoToAnyone() {
        assertThat(Confidentiality.check(List.of(entry("Document01", "N"), entry("Document02", "INVISIBLE_REP_LEGAUX")),
            List.of(PATIENT, DOCTOR))).isEmpty();
    }

    private static DocumentEntry entry(String id, String... codes) {
        return new DocumentEntry(id, Optional.of("11490-0"), Optional.empty(), Set.of(codes));
    }
}
