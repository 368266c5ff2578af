package fr.caducee.domain.identifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SiretTest {

    @ParameterizedTest
    @ValueSource(strings = {"73282932000074", "44201426200012", "55232044200023", "12345678201232"})
    void siretNumbersComputedByHandAreAccepted(String number) {
        Siret siret = Siret.parse(number);

        assertThat(siret.number()).isEqualTo(number);
        assertThat(siret.nationalId()).isEqualTo("3" + number);
    }

    @Test
    void theSirenAndNicAreTheTwoPartsOfTheNumber() {
        Siret siret = Siret.parse("73282932000074");

        assertThat(siret.siren()).isEqualTo("732829320");
        assertThat(siret.nic()).isEqualTo("00074");
    }

    @ParameterizedTest
    @CsvSource({"1234567, 0001", "8765432, 1234", "5000000, 9999"})
    void siretNumbersBuiltWithBothCheckDigitsAreAccepted(String sirenStart, String nicStart) {
        String siren = CheckDigits.withLuhnDigit(CheckDigits.withLuhnDigit(sirenStart).substring(0, 7) + "1");
        String siret = CheckDigits.withLuhnDigit(siren + nicStart);

        assertThat(Siret.parse(siret).siren()).isEqualTo(siren);
        assertThatThrownBy(() -> Siret.parse(CheckDigits.withWrongLastDigit(siret)))
                .hasMessageContaining("fails the Luhn check (last digit should be " + siret.charAt(13));
    }

    @Test
    void aWrongSiretCheckDigitIsReportedWithTheDigitItShouldBe() {
        assertThatThrownBy(() -> Siret.parse("73282932000075"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage("SIRET 73282932000075: fails the Luhn check (last digit should be 4, found 5)");
    }

    @Test
    void anInvalidSirenIsReportedEvenWhenTheWholeNumberPassesLuhn() {
        // Valid as a 14-digit Luhn number, but its first nine digits are not a valid SIREN.
        String siret = CheckDigits.withLuhnDigit("7328293210007");

        assertThatThrownBy(() -> Siret.parse(siret))
                .hasMessage("SIRET " + siret + ": SIREN 732829321 fails the Luhn check (9th digit should be 0, found 1)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"35600000000001", "35600000000123", "35600000010019"})
    void laPosteEstablishmentsWhoseDigitsAddUpToAMultipleOfFiveAreAcceptedWithoutLuhn(String number) {
        assertThat(number.chars().map(c -> c - '0').sum() % 5).isZero();
        assertThat(Luhn.isValid(number)).isFalse();

        assertThat(Siret.parse(number).siren()).isEqualTo("356000000");
    }

    @Test
    void theLaPosteRuleDoesNotApplyToOtherCompanies() {
        // Digit sum 40, but the SIREN is not La Poste's, so only Luhn counts.
        assertThatThrownBy(() -> Siret.parse("73282932000004"))
                .hasMessage("SIRET 73282932000004: fails the Luhn check (last digit should be 9, found 4)");
    }

    @Test
    void theLaPosteHeadOfficeIsAcceptedThroughLuhn() {
        assertThat(Siret.parse("35600000000048").nic()).isEqualTo("00048");
    }

    @Test
    void aLaPosteNumberFailingBothRulesIsRefused() {
        assertThatThrownBy(() -> Siret.parse("35600000000000"))
                .hasMessage("SIRET 35600000000000: La Poste SIRET: digit sum 14 is not a multiple of 5"
                        + " and the Luhn check fails");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "7328293200007      | SIRET 7328293200007: must have 14 digits, found 13",
        "732 829 320 00074  | SIRET \"732 829 320 00074\": character U+0020 at position 4 is not a digit",
        "7328293200007A     | SIRET 7328293200007A: character 'A' at position 14 is not a digit",
    })
    void malformedNumbersAreRefusedWithAPreciseMessage(String value, String message) {
        assertThatThrownBy(() -> Siret.parse(value)).hasMessage(message);
    }
}
