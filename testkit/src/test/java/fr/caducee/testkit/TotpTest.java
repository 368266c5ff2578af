package fr.caducee.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TotpTest {
    /** RFC 6238, Appendix B: the SHA-1 key is the ASCII string "12345678901234567890". */
    private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "at {0} s the code is {1}")
    @CsvSource({
        "59, 94287082",
        "1111111109, 07081804",
        "1111111111, 14050471",
        "1234567890, 89005924",
        "2000000000, 69279037",
        "20000000000, 65353130"
    })
    void codesShouldMatchTheRfcTestVectorsOnEightDigits(long seconds, String expected) {
        assertThat(Totp.fromKey(RFC_KEY).code(Instant.ofEpochSecond(seconds), 8)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "at {0} s the app shows {1}")
    @CsvSource({
        "59, 287082",
        "1111111109, 081804",
        "1234567890, 005924",
        "20000000000, 353130"
    })
    void appCodesShouldBeTheLastSixDigitsOfTheRfcVectors(long seconds, String expected) {
        assertThat(Totp.fromKey(RFC_KEY).code(Instant.ofEpochSecond(seconds))).isEqualTo(expected);
    }

    @Test
    void aBase32SecretShouldGiveTheSameCodesAsItsKey() {
        Totp fromPage = Totp.fromBase32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq");

        assertThat(fromPage.code(Instant.ofEpochSecond(1111111111))).isEqualTo("050471");
    }

    @Test
    void codesShouldStayTheSameWithinAThirtySecondStep() {
        Totp totp = Totp.fromKey(RFC_KEY);

        assertThat(totp.code(Instant.ofEpochSecond(1111111110))).isEqualTo(totp.code(Instant.ofEpochSecond(1111111139)));
        assertThat(totp.code(Instant.ofEpochSecond(1111111140))).isNotEqualTo(totp.code(Instant.ofEpochSecond(1111111139)));
    }

    @Test
    void theUriOfAnEnrolmentQrCodeShouldGiveTheCodesOfItsSecret() {
        Totp fromQrCode = Totp.fromOtpauthUri("otpauth://totp/Caduc%C3%A9e:146026322000196%40patient.caducee.localhost"
            + "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Caduc%C3%A9e&algorithm=SHA1&digits=6&period=30");

        assertThat(fromQrCode.code(Instant.ofEpochSecond(1111111111))).isEqualTo("050471");
    }

    @Test
    void aUriAskingForWhatAppsIgnoreShouldBeRefused() {
        assertThatThrownBy(() -> Totp.fromOtpauthUri("otpauth://totp/x?secret=GEZDGNBVGY3TQOJQ&digits=8"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("digits=8");
        assertThatThrownBy(() -> Totp.fromOtpauthUri("otpauth://totp/x?secret=GEZDGNBVGY3TQOJQ&algorithm=SHA256"))
            .hasMessageContaining("algorithm=SHA256");
        assertThatThrownBy(() -> Totp.fromOtpauthUri("otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQ"))
            .hasMessageContaining("not an otpauth://totp/ URI");
        assertThatThrownBy(() -> Totp.fromOtpauthUri("otpauth://totp/x?issuer=Caducee"))
            .hasMessageContaining("no secret");
    }

    @Test
    void aSecretOutsideTheBase32AlphabetShouldBeRefused() {
        assertThatThrownBy(() -> Totp.fromBase32("not base32: 0189!")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stepsAreThirtySecondsSinceTheEpochAndAStepHasTheCodeOfItsInstants() {
        assertThat(Totp.step(Instant.ofEpochSecond(29))).isZero();
        assertThat(Totp.step(Instant.ofEpochSecond(30))).isEqualTo(1);
        assertThat(Totp.step(Instant.ofEpochSecond(1111111109))).isEqualTo(0x23523EC);
        assertThat(Totp.fromKey(RFC_KEY).code(Totp.step(Instant.ofEpochSecond(59)))).isEqualTo("287082");
    }

    @Test
    void theSecretIsKeptInBase32AsThePageShowsItWithoutGroups() {
        Totp grouped = Totp.fromBase32("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");

        assertThat(grouped.base32()).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Totp.fromBase32(grouped.base32()).code(1)).isEqualTo(Totp.fromKey(RFC_KEY).code(1));
    }
}
