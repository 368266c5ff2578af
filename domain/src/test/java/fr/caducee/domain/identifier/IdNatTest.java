package fr.caducee.domain.identifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdNatTest {

    @Test
    void theRppsIdNatFromTheDomainNotesIsAccepted() {
        IdNat idNat = IdNat.parse("810000005479");

        assertThat(idNat.kind()).isEqualTo(IdNat.Kind.RPPS);
        assertThat(idNat.number()).isEqualTo("10000005479");
        assertThat(idNat.value()).isEqualTo("810000005479");
        assertThat(idNat).hasToString("810000005479");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10001234565", "12345678903", "19876543216"})
    void rppsNumbersComputedByHandAreAccepted(String rpps) {
        assertThat(IdNat.parse("8" + rpps).number()).isEqualTo(rpps);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1000000000", "2999999999", "1234567890", "1112223334"})
    void rppsNumbersGivenTheirCheckDigitAreAcceptedAndAnyOtherLastDigitIsRefused(String payload) {
        String rpps = CheckDigits.withLuhnDigit(payload);

        assertThat(IdNat.rpps(rpps).value()).isEqualTo("8" + rpps);
        assertThatThrownBy(() -> IdNat.parse("8" + CheckDigits.withWrongLastDigit(rpps)))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("fails the Luhn check");
    }

    @Test
    void aWrongRppsCheckDigitIsReportedWithTheDigitItShouldBe() {
        assertThatThrownBy(() -> IdNat.parse("810000005478"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage("idNat 810000005478: RPPS 10000005478 fails the Luhn check"
                        + " (last digit should be 9, found 8)");
    }

    @Test
    void anAdeliIdNatIsAcceptedOnItsFormatAlone() {
        IdNat idNat = IdNat.parse("0751234567");

        assertThat(idNat.kind()).isEqualTo(IdNat.Kind.ADELI);
        assertThat(idNat.number()).isEqualTo("751234567");
        assertThat(idNat).isEqualTo(IdNat.adeli("751234567"));
    }

    @Test
    void surroundingBlanksAreIgnored() {
        assertThat(IdNat.parse("  810000005479\t")).isEqualTo(IdNat.rpps("10000005479"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "81000000547   | idNat 81000000547: starts with 8 (RPPS) so it must have 12 digits, found 11",
        "8100000054790 | idNat 8100000054790: starts with 8 (RPPS) so it must have 12 digits, found 13",
        "075123456     | idNat 075123456: starts with 0 (ADELI) so it must have 10 digits, found 9",
        "910000005479  | idNat 910000005479: must start with 8 (RPPS, 12 digits) or 0 (ADELI, 10 digits), found 9",
        "8100000A5479  | idNat 8100000A5479: character 'A' at position 8 is not a digit",
        "8 10000005479 | idNat \"8 10000005479\": character U+0020 at position 2 is not a digit",
    })
    void malformedIdNatsAreRefusedWithAPreciseMessage(String value, String message) {
        assertThatThrownBy(() -> IdNat.parse(value))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage(message);
    }

    @Test
    void emptyAndMissingValuesAreRefused() {
        assertThatThrownBy(() -> IdNat.parse("  ")).hasMessage("idNat \"  \": is empty");
        assertThatThrownBy(() -> IdNat.parse(null)).hasMessage("idNat <null>: is missing");
    }

    @Test
    void bareNumbersOfTheWrongLengthAreRefusedByTheFactories() {
        assertThatThrownBy(() -> IdNat.rpps("1000000547"))
                .hasMessage("RPPS 1000000547: must have 11 digits, found 10");
        assertThatThrownBy(() -> IdNat.adeli("75123456A"))
                .hasMessage("ADELI 75123456A: character 'A' at position 9 is not a digit");
    }

    @Test
    void theConstructorCannotBypassTheChecks() {
        assertThatThrownBy(() -> new IdNat(IdNat.Kind.RPPS, "10000005478"))
                .isInstanceOf(InvalidIdentifierException.class);
    }

    @Test
    void theProfessionalsOidIsTheRppsOne() {
        assertThat(IdNat.OID).isEqualTo("1.2.250.1.71.4.2.1");
    }
}
