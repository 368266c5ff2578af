package fr.caducee.domain.identifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FinessTest {

    @ParameterizedTest
    @ValueSource(strings = {"010780914", "750000010", "130783525", "690781018"})
    void finessNumbersComputedByHandAreAccepted(String number) {
        Finess finess = Finess.parse(number);

        assertThat(finess.number()).isEqualTo(number);
        assertThat(finess.checkDigitVerified()).isTrue();
        assertThat(finess.nationalId()).isEqualTo("1" + number);
    }

    @ParameterizedTest
    @ValueSource(strings = {"01078091", "33000000", "97100000", "98765432"})
    void finessNumbersGivenTheirCheckDigitAreAcceptedAndAnyOtherLastDigitIsRefused(String payload) {
        String number = CheckDigits.withLuhnDigit(payload);

        assertThat(Finess.parse(number)).hasToString(number);
        assertThatThrownBy(() -> Finess.parse(CheckDigits.withWrongLastDigit(number)))
                .hasMessageContaining("fails the Luhn check");
    }

    @Test
    void aWrongCheckDigitIsReportedWithTheDigitItShouldBe() {
        assertThatThrownBy(() -> Finess.parse("010780915"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage("FINESS 010780915: fails the Luhn check (last digit should be 4, found 5)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2A0000123", "2B0000046", "2a0000123"})
    void corsicanNumbersAreAcceptedWithoutACheckDigitVerification(String number) {
        Finess finess = Finess.parse(number);

        assertThat(finess.number()).startsWith("2").isUpperCase();
        assertThat(finess.checkDigitVerified()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "01078091   | FINESS 01078091: must have 9 characters, found 8",
        "2C0000123  | FINESS 2C0000123: character 'C' at position 2 is not a digit",
        "2A00001X3  | FINESS 2A00001X3: character 'X' at position 8 is not a digit",
    })
    void malformedNumbersAreRefusedWithAPreciseMessage(String value, String message) {
        assertThatThrownBy(() -> Finess.parse(value)).hasMessage(message);
    }
}
