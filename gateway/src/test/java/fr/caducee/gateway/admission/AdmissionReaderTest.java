package fr.caducee.gateway.admission;

import static fr.caducee.gateway.AnsMessages.ROL_GP;
import static fr.caducee.gateway.AnsMessages.text;
import static fr.caducee.gateway.AnsMessages.utf8;
import static fr.caducee.gateway.AnsMessages.withField;
import static fr.caducee.gateway.AnsMessages.withSegmentAfter;
import static fr.caducee.gateway.AnsMessages.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.gateway.message.Hl7Reader;
import fr.caducee.gateway.message.Hl7Refusal;
import fr.caducee.gateway.message.Inbound;
import fr.caducee.rules.Rule;

class AdmissionReaderTest {
    private static final String ADMISSION = text("pam/admission.er7");
    private static final String GP_ID_NAT = "810000005479";
    private final Hl7Reader hl7 = new Hl7Reader();
    private final AdmissionReader reader = new AdmissionReader();

    @Test
    void ansAdmissionWithItsGpIsReadWhole() throws Exception {
        Admission admission = read(withSegmentAfter(ADMISSION, "PID", ROL_GP));

        assertThat(admission.event()).isEqualTo(AdmissionEvent.ADMITTED);
        assertThat(admission.patientClass()).isEqualTo("I");
        assertThat(admission.patient().ins()).contains(Ins.parse("279035121518989"));
        assertThat(admission.patient().insAuthority()).isEqualTo(Ins.TEST_OID);
        assertThat(admission.patient().family()).isEqualTo("PAT-TROIS");
        assertThat(admission.patient().given()).isEqualTo("DOMINIQUE");
        assertThat(admission.patient().birthDate()).contains(LocalDate.of(1979, 3, 28));
        assertThat(admission.patient().sex()).isEqualTo("F");
        assertThat(admission.visitId()).isEqualTo("000897406");
        assertThat(admission.movementId()).isEqualTo("001");
        assertThat(admission.movementAction()).isEqualTo("INSERT");
        assertThat(admission.department()).isEqualTo("Chir V");
        assertThat(admission.unitCode()).isEqualTo("6268");
        assertThat(admission.arrivedAt()).isEqualTo(Instant.parse("2024-03-06T10:11:54Z"));
        assertThat(admission.gp()).hasValueSatisfying(gp -> {
            assertThat(gp.idNat()).isEqualTo(IdNat.parse(GP_ID_NAT));
            assertThat(gp.family()).isEqualTo("MEDECIN");
            assertThat(gp.given()).isEqualTo("JEAN");
            assertThat(gp.source()).isEqualTo(GpReference.Source.ROL_ODRP);
            assertThat(gp.displayName()).isEqualTo("JEAN MEDECIN");
        });
    }

    @Test
    void ansAdmissionAsPublishedNamesNoGp() throws Exception {
        assertThat(read(ADMISSION).gp()).isEmpty();
    }

    @Test
    void ansDischargeIsReadWithItsMovement() throws Exception {
        Admission discharge = read(text("pam/sortie.er7"));

        assertThat(discharge.event()).isEqualTo(AdmissionEvent.DISCHARGED);
        assertThat(discharge.movementId()).isEqualTo("002");
        assertThat(discharge.visitId()).isEqualTo("000897406");
    }

    @Test
    void aGpRolAfterThePatientVisitIsFoundToo() throws Exception {
        assertThat(read(withSegmentAfter(ADMISSION, "PV1", ROL_GP)).gp()).map(GpReference::idNat)
            .contains(IdNat.parse(GP_ID_NAT));
    }

    @Test
    void anAdeliGpBecomesAnIdNatFromZero() throws Exception {
        String rol = "ROL||UC|ODRP|751234567^INFIRMIER^PAUL^^^^^^ASIP-SANTE-PS&1.2.250.1.71.4.2.1&ISO^L^^^ADELI";

        assertThat(read(withSegmentAfter(ADMISSION, "PID", rol)).gp()).map(GpReference::idNat)
            .contains(IdNat.parse("0751234567"));
    }

    @Test
    void anIdNatAlreadyPrefixedIsTakenAsItIs() throws Exception {
        String rol = "ROL||UC|ODRP|" + GP_ID_NAT + "^MEDECIN^JEAN^^^^^^ASIP-SANTE-PS&1.2.250.1.71.4.2.1&ISO^D^^^IDNPS";

        assertThat(read(withSegmentAfter(ADMISSION, "PID", rol)).gp()).map(GpReference::idNat)
            .contains(IdNat.parse(GP_ID_NAT));
    }

    @Test
    void withoutRolTheGpIsReadFromPd1Four() throws Exception {
        String message = withSegmentAfter(ADMISSION, "PID", "PD1||||10000005479^MEDECIN^JEAN^^^^^^ASIP-SANTE-PS"
            + "&1.2.250.1.71.4.2.1&ISO^L^^^RPPS");

        assertThat(read(message).gp()).hasValueSatisfying(gp -> {
            assertThat(gp.idNat()).isEqualTo(IdNat.parse(GP_ID_NAT));
            assertThat(gp.source()).isEqualTo(GpReference.Source.PD1_4);
        });
    }

    @Test
    void theRolComesBeforePd1Four() throws Exception {
        String message = withSegmentAfter(ADMISSION, "PID", "PD1||||751234567^AUTRE^MEDECIN^^^^^^^L^^^ADELI");
        message = withSegmentAfter(message, "PD1", ROL_GP);

        assertThat(read(message).gp()).map(GpReference::source).contains(GpReference.Source.ROL_ODRP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ROL||UC|ATND|10000005479^URGENTISTE^ANNE^^^^^^^L^^^RPPS",
        "ROL||DE|ODRP|10000005479^ANCIEN^MEDECIN^^^^^^^L^^^RPPS", "ROL||UC|ODRP|"})
    void aRolThatIsNotACurrentGpNamesNone(String rol) throws Exception {
        assertThat(read(withSegmentAfter(ADMISSION, "PID", rol)).gp()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10000005478", "1234", "L07", "910000005479"})
    void aGpNumberThatIsNeitherRppsNorAdeliIsRefusedAtItsField(String number) {
        String message = withSegmentAfter(ADMISSION, "PID", "ROL||UC|ODRP|" + number + "^MEDECIN^JEAN");

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_REQUIRED_FIELD);
            assertThat(refusal.location()).isEqualTo("ROL^1^4");
            assertThat(refusal.sentence()).contains(number).contains("RPPS").contains("ADELI");
            assertThat(refusal.header()).isPresent();
        });
    }

    @ParameterizedTest
    @CsvSource({"1.2.250.1.213.1.4.8", "1.2.250.1.213.1.4.9", "1.2.250.1.213.1.4.10", "1.2.250.1.213.1.4.11"})
    void theInsIsReadUnderEachInsAuthority(String authority) throws Exception {
        String message = ADMISSION.replace("1.2.250.1.213.1.4.10", authority);

        PatientTraits patient = read(message).patient();

        assertThat(patient.ins()).contains(Ins.parse("279035121518989"));
        assertThat(patient.insAuthority()).isEqualTo(authority);
    }

    @Test
    void anIdentifierUnderAnotherAuthorityIsNoIns() throws Exception {
        assertThat(read(ADMISSION.replace("1.2.250.1.213.1.4.10", "1.2.250.1.213.1.4.2")).patient().ins()).isEmpty();
    }

    @Test
    void aPatientKnownOnlyByTheHospitalsIdHasNoIns() throws Exception {
        String message = withField(ADMISSION, "PID", 3, "000003^^^CHU-X&000897406&N^PI");

        PatientTraits patient = read(message).patient();

        assertThat(patient.ins()).isEmpty();
        assertThat(patient.insAuthority()).isEmpty();
        assertThat(patient.family()).isEqualTo("PAT-TROIS");
    }

    @Test
    void anInsWithAWrongKeyDoesNotStopTheAdmission() throws Exception {
        assertThat(read(ADMISSION.replace("279035121518989", "279035121518988")).patient().ins()).isEmpty();
    }

    @Test
    void theBirthNameIsTheNameOfTypeL() throws Exception {
        String message = withField(ADMISSION, "PID", 5, "EPOUSE^DOMINIQUE^^^^^D~PAT-TROIS^DOMINIQUE^^^^^L");

        assertThat(read(message).patient().family()).isEqualTo("PAT-TROIS");
    }

    @Test
    void anEmergencyRegistrationIsReadWithItsPatientClass() throws Exception {
        String message = withField(withField(ADMISSION, "MSH", 9, "ADT^A04^ADT_A01"), "PV1", 2, "E");

        Admission admission = read(message);

        assertThat(admission.event()).isEqualTo(AdmissionEvent.REGISTERED);
        assertThat(admission.patientClass()).isEqualTo("E");
    }

    @ParameterizedTest
    @CsvSource({"ADT^A11^ADT_A09,ADMISSION_CANCELLED", "ADT^A13^ADT_A01,DISCHARGE_CANCELLED",
        "ADT^A06^ADT_A06,CHANGED_TO_INPATIENT", "ADT^A04,REGISTERED"})
    void eachEventTheGatewayActsOnIsRead(String type, AdmissionEvent event) throws Exception {
        assertThat(read(withField(ADMISSION, "MSH", 9, type)).event()).isEqualTo(event);
    }

    @Test
    void anEventTheGatewayDoesNotActOnIsNotReadAsAnAdmission() throws Exception {
        Inbound inbound = hl7.read(utf8(withField(ADMISSION, "MSH", 9, "ADT^A31^ADT_A05")));

        assertThatThrownBy(() -> reader.read(inbound)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutEvnSixTheTimeIsEvnTwoThenMshSeven() throws Exception {
        String noEvent = withField(ADMISSION, "EVN", 6, "");
        String noEvn = withField(withField(noEvent, "EVN", 2, ""), "MSH", 7, "202403060930");

        assertThat(read(withField(noEvent, "EVN", 2, "202403061045+0000")).arrivedAt())
            .isEqualTo(Instant.parse("2024-03-06T10:45:00Z"));
        assertThat(read(noEvn).arrivedAt()).isEqualTo(Instant.parse("2024-03-06T08:30:00Z"));
    }

    @Test
    void aTimeWithoutOffsetIsInTheHospitalsZone() throws Exception {
        Admission summer = new AdmissionReader(ZoneId.of("Europe/Paris")).read(hl7.read(utf8(
            withField(ADMISSION, "EVN", 6, "20240706111154"))));
        Admission reunion = new AdmissionReader(ZoneId.of("Indian/Reunion")).read(hl7.read(utf8(ADMISSION)));

        assertThat(summer.arrivedAt()).isEqualTo(Instant.parse("2024-07-06T09:11:54Z"));
        assertThat(reunion.arrivedAt()).isEqualTo(Instant.parse("2024-03-06T07:11:54Z"));
    }

    @Test
    void aTimeThatIsNoHl7TimeIsRefused() {
        String message = withField(ADMISSION, "EVN", 6, "2024-03-06 11:11");

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_REQUIRED_FIELD);
            assertThat(refusal.location()).isEqualTo("EVN^1^6");
        });
    }

    @Test
    void aMessageWithoutPidIsRefused() {
        assertThatThrownBy(() -> read(without(ADMISSION, "PID"))).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_REQUIRED_FIELD);
            assertThat(refusal.location()).isEqualTo("PID^1");
        });
    }

    @Test
    void aPatientWithoutNameIsRefused() {
        assertThatThrownBy(() -> read(withField(ADMISSION, "PID", 5, ""))).isInstanceOfSatisfying(Hl7Refusal.class,
            refusal -> assertThat(refusal.location()).isEqualTo("PID^1^5"));
    }

    @Test
    void withoutVisitNumberTheMovementIsTheReference() throws Exception {
        assertThat(read(withField(ADMISSION, "PV1", 19, "")).visitId()).isEqualTo("001");
    }

    @Test
    void withoutVisitNumberNorMovementTheAdmissionIsRefused() {
        String message = without(withField(ADMISSION, "PV1", 19, ""), "ZBE");

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.HL7_REQUIRED_FIELD);
            assertThat(refusal.location()).isEqualTo("PV1^1^19");
        });
    }

    @Test
    void thePointOfCareNamesTheDepartmentBeforeTheMovementsUnit() throws Exception {
        Admission admission = read(withField(ADMISSION, "PV1", 3, "URG^^^CHU-X&000897406&M^O"));

        assertThat(admission.department()).isEqualTo("URG");
        assertThat(admission.unitCode()).isEqualTo("6268");
    }

    private Admission read(String text) throws Hl7Refusal {
        return reader.read(hl7.read(utf8(text)));
    }
}
