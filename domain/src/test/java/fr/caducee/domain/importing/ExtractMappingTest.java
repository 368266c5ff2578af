package fr.caducee.domain.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Siret;
import fr.caducee.domain.importing.extract.ExtractLine;
import fr.caducee.domain.importing.extract.ParsedLine;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;

class ExtractMappingTest {

    static MappedLine map(String line) throws RejectedLineException {
        return ExtractMapping.map(new ParsedLine(1234, ExtractLine.of(line.split("\\|", -1))));
    }

    static void assertRejected(String line, String reason) {
        assertThatThrownBy(() -> map(line)).isInstanceOf(RejectedLineException.class).hasMessage(reason);
    }

    @Test
    void mapsADoctorsBox() throws RejectedLineException {
        MappedLine line = map(Lines.DOCTOR);

        assertThat(line.lineNumber()).isEqualTo(1234);
        assertThat(line.address().address()).isEqualTo("dupont.jean@medecin.mssante.fr");
        assertThat(line.type()).isEqualTo(BoxType.PER);
        assertThat(line.professional()).contains(new Professional(IdNat.parse("810000005479"), "DR", "DUPONT",
                "Jean", "10", "Médecin", "SM54", "Médecine Générale"));
        assertThat(line.structure()).isEmpty();
        assertThat(line.service()).isEmpty();
    }

    @Test
    void mapsAWardsBoxWithTheTownOfTheDeliveryLineWithoutCedex() throws RejectedLineException {
        MappedLine line = map(Lines.WARD);

        assertThat(line.type()).isEqualTo(BoxType.ORG);
        assertThat(line.professional()).isEmpty();
        assertThat(line.structure()).contains(new Structure(Finess.parse("690781810"),
                "CENTRE HOSPITALIER UNIVERSITAIRE DE LYON", "CHU de Lyon", "69002", "LYON"));
        assertThat(line.service()).isEqualTo("Service de cardiologie");
    }

    @Test
    void mapsAPharmacistAttachedToAPharmacyBySiret() throws RejectedLineException {
        MappedLine line = map(Lines.PHARMACIST);

        assertThat(line.professional().orElseThrow().isPharmacist()).isTrue();
        assertThat(line.structure()).contains(new Structure(Siret.parse("73282932000074"), "PHARMACIE MARTIN",
                "Pharmacie du Parc", "13005", "MARSEILLE"));
    }

    @Test
    void takesThePostalCodeFromTheDeliveryLineWhenItsColumnIsEmpty() throws RejectedLineException {
        String line = Lines.with(Lines.WARD, ExtractMapping.POSTAL_CODE, "");
        assertThat(map(line).structure().orElseThrow().postalCode()).isEqualTo("69437");
        assertThat(ExtractMapping.town("75013 PARIS")).isEqualTo("PARIS");
        assertThat(ExtractMapping.town("")).isEmpty();
        assertThat(ExtractMapping.town("LE BOURG CEDEX")).isEqualTo("LE BOURG");
    }

    @Test
    void rejectsAWrongCheckDigitInTheProfessionalsId() {
        String line = Lines.with(Lines.with(Lines.DOCTOR, 3, "10000005478"), 4, "810000005478");
        assertRejected(line, "line 1234: Identification nationale PP '810000005478' is invalid: RPPS 10000005478"
                + " fails the Luhn check (last digit should be 9, found 8)");
    }

    @Test
    void rejectsAWrongCheckDigitInAFiness() {
        assertRejected(Lines.with(Lines.WARD, 6, "1690781811"), "line 1234: Identification Structure '1690781811'"
                + " is invalid: FINESS '690781811' fails the Luhn check (last digit should be 0, found 1)");
    }

    @Test
    void rejectsAWrongCheckDigitInASiret() {
        assertRejected(Lines.with(Lines.PHARMACIST, 6, "373282932000075"), "line 1234: Identification Structure"
                + " '373282932000075' is invalid: SIRET '73282932000075' fails the Luhn check (last digit should"
                + " be 4, found 5)");
    }

    @Test
    void rejectsAStructurePrefixThatIsNeitherFinessNorSiret() {
        assertRejected(Lines.with(Lines.with(Lines.WARD, 5, ""), 6, "2732829320"), "line 1234: Identification"
                + " Structure '2732829320' is invalid: prefix 2 (SIREN) is not a FINESS or SIRET; expected 1 (FINESS)"
                + " or 3 (SIRET)");
    }

    @Test
    void rejectsAnUnknownBoxType() {
        assertRejected(Lines.with(Lines.DOCTOR, 0, "BAL"), "line 1234: Type de BAL 'BAL' is not one of PER, ORG,"
                + " APP, CAB");
    }

    @Test
    void rejectsABadAddress() {
        assertRejected(Lines.with(Lines.DOCTOR, 1, "dupont%jean@medecin.mssante.fr"), "line 1234: Adresse BAL"
                + " 'dupont%jean@medecin.mssante.fr' is invalid: '%' in the local part is refused (it would relay"
                + " the mail to another host)");
        assertRejected(Lines.with(Lines.DOCTOR, 1, "dupont.jean"), "line 1234: Adresse BAL 'dupont.jean' is"
                + " invalid: has no @ between local part and domain");
    }

    @Test
    void rejectsAPatientAddress() {
        assertRejected(Lines.with(Lines.DOCTOR, 1, "146026322000196@patient.mssante.fr"), "line 1234: Adresse BAL"
                + " '146026322000196@patient.mssante.fr' is in a patient domain (patient....): the extract lists"
                + " professional boxes only");
    }

    @Test
    void rejectsANominativeBoxWithoutProfessional() {
        String line = Lines.with(Lines.with(Lines.with(Lines.DOCTOR, 2, ""), 3, ""), 4, "");
        assertRejected(line, "line 1234: Identification nationale PP is empty: a PER box is held by a"
                + " professional");
    }

    @Test
    void rejectsAProfessionalIdThatDisagreesWithItsTypeAndNumber() {
        assertRejected(Lines.with(Lines.DOCTOR, 3, "10000005487"), "line 1234: Identification nationale PP"
                + " '810000005479' does not match Type Identifiant PP '8' followed by Identifiant PP '10000005487'");
        assertRejected(Lines.with(Lines.DOCTOR, 4, ""), "line 1234: Identification nationale PP is empty although"
                + " Type Identifiant PP '8' and Identifiant PP '10000005479' are given");
    }

    @Test
    void rejectsAProfessionalWithoutLastName() {
        assertRejected(Lines.with(Lines.DOCTOR, 9, " "), "line 1234: Nom d'exercice is empty: professional"
                + " 810000005479 needs a last name");
    }

    @Test
    void rejectsAnOrganisationalBoxWithoutStructure() {
        String line = Lines.with(Lines.with(Lines.WARD, 5, ""), 6, "");
        assertRejected(line, "line 1234: Identification Structure is empty: an ORG box belongs to a structure");
        assertRejected(Lines.with(Lines.WARD, 6, ""), "line 1234: Identification Structure is empty although Type"
                + " identifiant structure '1' is given");
    }

    @Test
    void rejectsAStructureTypeThatDisagreesWithItsId() {
        assertRejected(Lines.with(Lines.WARD, 5, "3"), "line 1234: Type identifiant structure '3' does not match"
                + " Identification Structure '1690781810', which starts with 1");
    }

    @Test
    void rejectsAStructureWithoutName() {
        assertRejected(Lines.with(Lines.WARD, 18, ""), "line 1234: Raison Sociale structure BAL is empty: structure"
                + " 1690781810 needs a name");
    }

    @Test
    void rejectsABadFrenchPostalCodeButNotAForeignOne() throws RejectedLineException {
        assertRejected(Lines.with(Lines.WARD, 28, "6900"), "line 1234: Code postal structure BAL '6900' is invalid:"
                + " a French postal code has 5 digits");
        String abroad = Lines.with(Lines.with(Lines.WARD, 28, "B-1000"), 30, "BELGIQUE");
        assertThat(map(abroad).structure().orElseThrow().postalCode()).isEqualTo("B-1000");
    }

    @Test
    void namesEveryWrongColumnOfALine() {
        String line = Lines.with(Lines.with(Lines.WARD, 0, "XYZ"), 6, "1690781811");
        assertRejected(line, "line 1234: Type de BAL 'XYZ' is not one of PER, ORG, APP, CAB; Identification"
                + " Structure '1690781811' is invalid: FINESS '690781811' fails the Luhn check (last digit should be"
                + " 0, found 1)");
    }

    @Test
    void escapesControlCharactersInQuotedValues() {
        assertRejected(Lines.with(Lines.DOCTOR, 0, "P\u0007R"), "line 1234: Type de BAL 'P\\u0007R' is not one of"
                + " PER, ORG, APP, CAB");
    }

    @Test
    void importsTheProfessionalOfAnApplicativeBoxWithoutMakingThemItsHolder() throws RejectedLineException {
        String app = Lines.with(Lines.with(Lines.WARD, 0, "APP"), 1, "dpi@chu-lyon.mssante.fr");
        String withDoctor = Lines.with(Lines.with(Lines.with(Lines.with(app, 2, "8"), 3, "10000005479"), 4,
                "810000005479"), 9, "DUPONT");
        MappedLine line = map(withDoctor);
        assertThat(line.professional()).isPresent();
        assertThat(line.structure()).isPresent();
    }
}
