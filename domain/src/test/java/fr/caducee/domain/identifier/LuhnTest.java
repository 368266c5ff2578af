package fr.caducee.domain.identifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LuhnTest {

    @ParameterizedTest
    @ValueSource(strings = {"10000005479", "010780914", "732829320", "73282932000074", "79927398713", "0"})
    void knownGoodNumbersPass(String number) {
        assertThat(Luhn.isValid(number)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10000005478", "010780915", "73282932000075", "79927398710"})
    void aChangedLastDigitFails(String number) {
        assertThat(Luhn.isValid(number)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1000000547", "01078091", "7328293200007", "7992739871", "1", "99999999999999"})
    void theComputedCheckDigitAgreesWithTheIndependentTestImplementation(String payload) {
        assertThat(payload + Luhn.checkDigit(payload)).isEqualTo(CheckDigits.withLuhnDigit(payload));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10000005478", "73282932000070"})
    void theExpectedCheckDigitIsTheOneThatWouldMakeTheNumberValid(String wrong) {
        String fixed = wrong.substring(0, wrong.length() - 1) + Luhn.expectedCheckDigit(wrong);

        assertThat(Luhn.isValid(fixed)).isTrue();
    }
}
