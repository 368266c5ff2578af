package fr.caducee.domain.identifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StructureIdTest {

    @Test
    void nineCharactersAreReadAsFinessAndFourteenAsSiret() {
        assertThat(StructureId.parse("010780914")).isEqualTo(new Finess("010780914"));
        assertThat(StructureId.parse(" 73282932000074 ")).isEqualTo(new Siret("73282932000074"));
    }

    @Test
    void theParsedTypeExposesItsOwnParts() {
        StructureId id = StructureId.parse("73282932000074");

        assertThat(id).isInstanceOfSatisfying(Siret.class, siret -> assertThat(siret.siren()).isEqualTo("732829320"));
        assertThat(StructureId.parse("2A0000123")).isInstanceOfSatisfying(Finess.class,
                finess -> assertThat(finess.checkDigitVerified()).isFalse());
    }

    @Test
    void otherLengthsAreRefusedNamingBothAcceptedForms() {
        assertThatThrownBy(() -> StructureId.parse("12345"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage("structure id 12345: must be a FINESS (9 characters) or a SIRET (14 digits),"
                        + " found 5 characters");
    }

    @Test
    void nationalIdsRoundTrip() {
        for (String nationalId : new String[] {"1010780914", "12A0000123", "373282932000074"}) {
            assertThat(StructureId.parseNational(nationalId).nationalId()).isEqualTo(nationalId);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2732829320      | national structure id 2732829320: prefix 2 (SIREN) is not a FINESS or SIRET;"
                + " expected 1 (FINESS) or 3 (SIRET)",
        "410000005479001 | national structure id 410000005479001: prefix 4 (RPPS practice) is not a FINESS or SIRET;"
                + " expected 1 (FINESS) or 3 (SIRET)",
        "9010780914      | national structure id 9010780914: prefix '9' is unknown; expected 1 (FINESS) or 3 (SIRET)",
    })
    void nationalIdsWithOtherPrefixesAreRefused(String value, String message) {
        assertThatThrownBy(() -> StructureId.parseNational(value)).hasMessage(message);
    }

    @Test
    void theStructuresOidIsTheNationalOne() {
        assertThat(StructureId.OID).isEqualTo("1.2.250.1.71.4.2.2");
    }
}
