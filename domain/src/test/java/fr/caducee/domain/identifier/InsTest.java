package fr.caducee.domain.identifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InsTest {

    @Test
    void theMatriculeFromTheDomainNotesIsValid() {
        Ins ins = Ins.parse("146026322000196");

        assertThat(ins.matricule()).isEqualTo("146026322000196");
        assertThat(ins.number()).isEqualTo("1460263220001");
        assertThat(ins.key()).isEqualTo(96);
        assertThat(ins).hasToString("146026322000196");
    }

    @Test
    void aWrongKeyIsReportedWithTheExpectedOne() {
        assertThatThrownBy(() -> Ins.parse("146026322000197"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage("INS 146026322000197: key 97 does not match the 13-digit number (expected 96)");
    }

    // Keys computed by hand: 97 - (number mod 97), with 2A read as 19 and 2B as 18.
    @ParameterizedTest
    @CsvSource({
        "285052A004012, 20",
        "185082B123456, 11",
        "279012A012345, 65",
        "1540399999999, 85",
        "7991299123456, 06",
    })
    void keysComputedByHandAreAccepted(String number, String key) {
        assertThat(Ins.computeKey(number)).isEqualTo(Integer.parseInt(key));
        assertThat(Ins.parse(number + key).matricule()).isEqualTo(number + key);
    }

    @Test
    void corsicanDepartmentsAreReadAs19And18() {
        // 2A and 2B carry the key of the same number with 19 and 18 in their place.
        assertThat(Ins.computeKey("285052A004012")).isEqualTo(Ins.computeKey("2850519004012"));
        assertThat(Ins.computeKey("185082B123456")).isEqualTo(Ins.computeKey("1850818123456"));
        assertThat(Ins.computeKey("285052A004012")).isNotEqualTo(Ins.computeKey("285052B004012"));
    }

    @Test
    void corsicanLettersAreAcceptedInLowerCaseAndCanonicalisedToUpperCase() {
        Ins ins = Ins.parse("285052a00401220");

        assertThat(ins.matricule()).isEqualTo("285052A00401220");
        assertThat(ins).isEqualTo(Ins.parse("285052A00401220"));
    }

    @Test
    void aCorsicanMatriculeWithTheKeyOfTheOtherCorsicanDepartmentIsRefused() {
        assertThatThrownBy(() -> Ins.parse("285052B00401220"))
                .hasMessage("INS 285052B00401220: key 20 does not match the 13-digit number (expected "
                        + String.format("%02d", Ins.computeKey("285052B004012")) + ")");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "2", "3", "4", "7", "8"})
    void everyAcceptedFirstDigitIsAccepted(String first) {
        String number = first + "460263220001";

        assertThat(Ins.isValid(number + String.format("%02d", Ins.computeKey(number)))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"01", "12", "20", "42", "50", "99"})
    void monthsOutsideTheCalendarAreAcceptedBecauseRegistersUseThemForUnknownMonths(String month) {
        String number = "146" + month + "63220001";

        assertThat(Ins.isValid(number + String.format("%02d", Ins.computeKey(number)))).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "14602632200019   | INS 14602632200019: must have 15 characters (13-digit number and 2-digit key), found 14",
        "546026322000196  | INS 546026322000196: first digit must be 1, 2, 3, 4, 7 or 8, found 5",
        "146006322000196  | INS 146006322000196: month 00 (characters 4-5) is not allowed",
        "146022C22000196  | INS 146022C22000196: department 2C (characters 6-7) must be two digits, 2A or 2B",
        "1460263220001X6  | INS 1460263220001X6: character 'X' at position 14 is not a digit",
        "14602A322000196  | INS 14602A322000196: department A3 (characters 6-7) must be two digits, 2A or 2B",
        "14602\u00a0322000196  | INS \"14602\\u00a0322000196\": character U+00A0 at position 6 is not a digit",
        "2850520A0401220  | INS 2850520A0401220: character 'A' at position 8 is not a digit",
    })
    void malformedMatriculesAreRefusedWithAPreciseMessage(String value, String message) {
        assertThatThrownBy(() -> Ins.parse(value))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage(message);
    }

    @Test
    void keyValidOnlyLooksAtTheKey() {
        // Month 00 is refused by parse, but the key itself is right.
        String number = "1460063220001";
        String matricule = number + String.format("%02d", Ins.computeKey(number));

        assertThat(Ins.keyValid(matricule)).isTrue();
        assertThat(Ins.isValid(matricule)).isFalse();
        assertThat(Ins.keyValid("146026322000197")).isFalse();
        assertThat(Ins.keyValid("1460263220001")).isFalse();
        assertThat(Ins.keyValid(null)).isFalse();
    }

    @Test
    void surroundingBlanksAreIgnored() {
        assertThat(Ins.parse(" 146026322000196 ")).isEqualTo(Ins.parse("146026322000196"));
    }

    @Test
    void theInsOidsAreTheNationalOnes() {
        assertThat(Ins.NIR_OID).isEqualTo("1.2.250.1.213.1.4.8");
        assertThat(Ins.NIA_OID).isEqualTo("1.2.250.1.213.1.4.9");
        assertThat(Ins.TEST_OID).isEqualTo("1.2.250.1.213.1.4.10");
        assertThat(Ins.DEMO_OID).isEqualTo("1.2.250.1.213.1.4.11");
    }
}
