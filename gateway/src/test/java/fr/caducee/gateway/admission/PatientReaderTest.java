package fr.caducee.gateway.admission;

import static fr.caducee.gateway.AnsMessages.text;
import static fr.caducee.gateway.AnsMessages.utf8;
import static fr.caducee.gateway.AnsMessages.withField;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import fr.caducee.gateway.message.Hl7Reader;
import fr.caducee.gateway.message.Segments;

class PatientReaderTest {
    private final Hl7Reader hl7 = new Hl7Reader();

    @Test
    void aValidInsHasNoProblem() throws Exception {
        assertThat(PatientReader.insProblem(pid(text("pam/admission.er7")))).isEmpty();
    }

    @Test
    void noInsAtAllIsNoProblemOfTheIns() throws Exception {
        String message = withField(text("pam/admission.er7"), "PID", 3, "000003^^^CHU-X&000897406&N^PI");

        assertThat(PatientReader.insProblem(pid(message))).isEmpty();
    }

    @Test
    void aWrongKeyIsSaid() throws Exception {
        String message = text("pam/admission.er7").replace("279035121518989", "279035121518988");

        assertThat(PatientReader.insProblem(pid(message))).hasValueSatisfying(problem -> assertThat(problem)
            .contains("279035121518988").contains("key"));
    }

    @Test
    void anInsUnderAnotherAuthorityIsSaid() throws Exception {
        String message = text("pam/admission.er7").replace("1.2.250.1.213.1.4.10", "1.2.250.1.213.1.4.2");

        assertThat(PatientReader.insProblem(pid(message))).hasValueSatisfying(problem -> assertThat(problem)
            .contains("1.2.250.1.213.1.4.2").contains("not an INS authority"));
    }

    @Test
    void theFirstValidInsIsTaken() throws Exception {
        String message = withField(text("pam/admission.er7"), "PID", 3, "279035121518988^^^X&1.2.250.1.213.1.4.10"
            + "&ISO^INS~146026322000196^^^X&1.2.250.1.213.1.4.8&ISO^INS");

        PatientTraits patient = PatientReader.read(pid(message));

        assertThat(patient.ins()).map(Object::toString).contains("146026322000196");
        assertThat(patient.insAuthority()).isEqualTo("1.2.250.1.213.1.4.8");
        assertThat(PatientReader.insProblem(pid(message))).isEmpty();
    }

    private Segments pid(String message) throws Exception {
        return Segments.named(Segments.of(hl7.read(utf8(message)).message()), "PID").get(0);
    }
}
