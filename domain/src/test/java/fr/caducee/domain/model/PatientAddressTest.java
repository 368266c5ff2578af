package fr.caducee.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.InvalidIdentifierException;

class PatientAddressTest {

    @Test
    void theAddressFromTheDomainNotesIsAPatientAddress() {
        PatientAddress patient = PatientAddress.parse("146026322000196@patient.mssante.fr");

        assertThat(patient.ins()).isEqualTo(Ins.parse("146026322000196"));
        assertThat(patient.operatorDomain()).isEqualTo("mssante.fr");
        assertThat(patient.address()).isEqualTo(BoxAddress.parse("146026322000196@patient.mssante.fr"));
        assertThat(patient).hasToString("146026322000196@patient.mssante.fr");
    }

    @Test
    void aWrongInsKeyIsReportedInTermsOfTheAddress() {
        assertThatThrownBy(() -> PatientAddress.parse("146026322000197@patient.mssante.fr"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage("patient address 146026322000197@patient.mssante.fr: INS key 97 does not match"
                        + " the 13-digit number (expected 96)");
    }

    @Test
    void professionalAddressesAreNotPatientAddresses() {
        assertThat(PatientAddress.of(BoxAddress.parse("jean.dupont@medecin.mssante.fr"))).isEmpty();
        // "patient" elsewhere than as the first label does not make a patient domain.
        assertThat(PatientAddress.of(BoxAddress.parse("146026322000196@patients.mssante.fr"))).isEmpty();
        assertThat(PatientAddress.of(BoxAddress.parse("146026322000196@ch.patient.fr"))).isEmpty();
    }

    @Test
    void parsingAProfessionalAddressAsAPatientOneIsRefused() {
        assertThatThrownBy(() -> PatientAddress.parse("jean.dupont@medecin.mssante.fr"))
                .hasMessage("patient address jean.dupont@medecin.mssante.fr: domain medecin.mssante.fr is not"
                        + " a patient domain (patient.<operator domain>)");
    }

    @Test
    void aPatientDomainWithALocalPartThatIsNoInsIsRefusedRatherThanIgnored() {
        BoxAddress address = BoxAddress.parse("jean.dupont@patient.mssante.fr");

        assertThatThrownBy(() -> PatientAddress.of(address))
                .hasMessage("patient address jean.dupont@patient.mssante.fr: INS must have 15 characters"
                        + " (13-digit number and 2-digit key), found 11");
    }

    @Test
    void thePatientLabelIsMatchedWhateverItsCase() {
        assertThat(PatientAddress.of(BoxAddress.parse("146026322000196@Patient.MSSante.fr")))
                .hasValueSatisfying(p -> assertThat(p.operatorDomain()).isEqualTo("mssante.fr"));
    }

    @Test
    void corsicanInsAreLowerCaseInTheAddressAndUpperCaseAsIns() {
        PatientAddress patient = PatientAddress.parse("285052A00401220@patient.mssante.fr");

        assertThat(patient).hasToString("285052a00401220@patient.mssante.fr");
        assertThat(patient.ins().matricule()).isEqualTo("285052A00401220");
        assertThat(PatientAddress.parse("185082b12345611@patient.mssante.fr").ins().matricule())
                .isEqualTo("185082B12345611");
    }

    @Test
    void anAddressIsBuiltFromAnInsAndAnOperatorDomain() {
        PatientAddress patient = PatientAddress.of(Ins.parse("146026322000196"), "MSSante.fr");

        assertThat(patient).isEqualTo(PatientAddress.parse("146026322000196@patient.mssante.fr"));
    }

    @Test
    void theOperatorDomainMustHaveTwoLabels() {
        assertThatThrownBy(() -> PatientAddress.parse("146026322000196@patient.fr"))
                .hasMessage("patient address 146026322000196@patient.fr: operator domain fr after patient."
                        + " must have at least two labels");
    }
}
