package fr.caducee.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

/** On ANS's own examples, as the gateway's tests hold them. */
class HospitalMessagesTest {
    static final Path EXAMPLES = Path.of("../gateway/src/test/resources/hl7/ans");
    static final String FINESS = "690000013";
    static final Instant SENT = Instant.parse("2026-12-08T09:30:00Z");

    final HospitalMessages hospital = read();

    @Test
    void anAdmissionComesFromTheHospitalsFinessWithItsOwnControlIdPatientVisitAndGp() {
        String admission = hospital.admission("N1-7", 42, "10000005479", SENT);

        assertThat(HospitalMessages.field(admission, "MSH", 4)).isEqualTo("CHU-BENCH^" + FINESS + "^M");
        assertThat(HospitalMessages.field(admission, "MSH", 9)).isEqualTo("ADT^A01^ADT_A01");
        assertThat(HospitalMessages.field(admission, "MSH", 10)).isEqualTo("N1-7");
        assertThat(HospitalMessages.field(admission, "MSH", 12)).isEqualTo("2.5^FRA^2.11");
        assertThat(HospitalMessages.field(admission, "MSH", 7)).isEqualTo("20261208103000");
        assertThat(HospitalMessages.field(admission, "EVN", 6)).isEqualTo("20261208103000");
        assertThat(HospitalMessages.field(admission, "PID", 3)).contains("~" + RecordSeed.ins(42)
            + "^^^ASIP-SANTE-INS-NIR&1.2.250.1.213.1.4.10&ISO^INS");
        assertThat(HospitalMessages.field(admission, "PID", 5)).startsWith("PATIENT42^CAMILLE");
        assertThat(HospitalMessages.field(admission, "PV1", 19)).startsWith("V42^");
        assertThat(HospitalMessages.field(admission, "ZBE", 1)).startsWith("M42^");
        assertThat(segments(admission)).containsSubsequence("PID", "ROL", "PV1", "ZBE");
        assertThat(HospitalMessages.field(admission, "ROL", 3)).isEqualTo("ODRP");
        assertThat(HospitalMessages.field(admission, "ROL", 4)).startsWith("10000005479^")
            .contains("1.2.250.1.71.4.2.1");
        assertThat(admission).doesNotContain("\n").doesNotEndWith("\r");
    }

    @Test
    void anAdmissionKeepsAnsEdUnitAndItsOtherSegments() {
        String admission = hospital.admission("N1-1", 1, "10000005479", SENT);

        assertThat(HospitalMessages.field(admission, "ZBE", 7)).endsWith("^6268");
        assertThat(segments(admission)).contains("ZFA", "EVN");
    }

    @Test
    void aDischargeIsAnsA03ForItsOwnPatientAndMovement() {
        String discharge = hospital.discharge("D-3", 7, SENT);

        assertThat(HospitalMessages.field(discharge, "MSH", 9)).isEqualTo("ADT^A03^ADT_A03");
        assertThat(HospitalMessages.field(discharge, "MSH", 10)).isEqualTo("D-3");
        assertThat(HospitalMessages.field(discharge, "PID", 5)).startsWith("PATIENT7^");
        assertThat(HospitalMessages.field(discharge, "ZBE", 1)).startsWith("D7^");
        assertThat(segments(discharge)).doesNotContain("ROL");
    }

    @Test
    void aDocumentCarriesTheCdaForThePatientAndTheProfessionalInsteadOfAnsPlaceholdersAndAddresses() {
        byte[] cda = "<ClinicalDocument/>".getBytes(StandardCharsets.UTF_8);
        String ins = RecordSeed.ins(3);

        String document = hospital.document("O-1", ins, "patient.bench.localhost", "dr.martin1@bench.localhost",
            "810000000014", cda, SENT);

        assertThat(HospitalMessages.field(document, "MSH", 9)).isEqualTo("ORU^R01^ORU_R01");
        assertThat(HospitalMessages.field(document, "MSH", 4)).isEqualTo("CHU-BENCH^" + FINESS + "^M");
        assertThat(HospitalMessages.field(document, "PID", 3)).startsWith(ins + "^^^ASIP-SANTE-INS-NIR");
        assertThat(document).doesNotContain(HospitalMessages.PLACEHOLDER_CDA, HospitalMessages.ANS_INS,
                HospitalMessages.ANS_PROFESSIONAL, HospitalMessages.ANS_PROFESSIONAL_IDNAT)
            .contains("^TEXT^XML^Base64^" + Base64.getEncoder().encodeToString(cda))
            .contains("^^X.400^dr.martin1@bench.localhost")
            .contains("^^X.400^" + ins + "@patient.bench.localhost")
            .contains("DESTDMP^", "DESTMSSANTEPS^", "DESTMSSANTEPAT^");
    }

    @Test
    void theNoticesSubjectTellsWhichPatientItIsAbout() {
        assertThat(HospitalMessages.patientNumber("Urgences CHU de Bench : votre patiente Camille PATIENT1234"))
            .isEqualTo(1234);
        assertThat(HospitalMessages.patientNumber("Urgences CHU de Bench : bilan du 08/12/2026")).isEqualTo(-1);
    }

    private static List<String> segments(String text) {
        return List.of(text.split("\r")).stream().map(segment -> segment.substring(0, 3)).toList();
    }

    private static HospitalMessages read() {
        try {
            return HospitalMessages.read(EXAMPLES, FINESS);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
