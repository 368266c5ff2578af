package fr.caducee.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class TotpTest {
    /** RFC 6238 Appendix B's SHA-1 key, "12345678901234567890". */
    static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void codesAreTheLastSixDigitsOfRfc6238AppendixBVectors() {
        Totp totp = new Totp(RFC_KEY);

        // The appendix gives 8 digits (94287082...): 6 digits are the same number modulo 10^6.
        assertThat(totp.code(Totp.step(Instant.ofEpochSecond(59)))).isEqualTo("287082");
        assertThat(totp.code(Totp.step(Instant.ofEpochSecond(1111111109)))).isEqualTo("081804");
        assertThat(totp.code(Totp.step(Instant.ofEpochSecond(1111111111)))).isEqualTo("050471");
        assertThat(totp.code(Totp.step(Instant.ofEpochSecond(1234567890)))).isEqualTo("005924");
        assertThat(totp.code(Totp.step(Instant.ofEpochSecond(2000000000)))).isEqualTo("279037");
        assertThat(totp.code(Totp.step(Instant.ofEpochSecond(20000000000L)))).isEqualTo("353130");
    }

    @Test
    void theSecretIsReadAsThePageShowsItInGroupsOfFour() {
        // RFC 4648's base32 of the RFC 6238 key.
        Totp grouped = Totp.ofBase32("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");

        assertThat(grouped.code(1)).isEqualTo(new Totp(RFC_KEY).code(1));
        assertThat(grouped.base32()).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Totp.ofBase32("gezdgnbvgy3tqojqgezdgnbvgy3tqojq").base32()).isEqualTo(grouped.base32());
    }

    @Test
    void aSecretThatIsNotBase32IsRefused() {
        assertThatThrownBy(() -> Totp.ofBase32("GEZD 1NBV")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stepsAreThirtySecondsSinceTheEpoch() {
        assertThat(Totp.step(Instant.ofEpochSecond(29))).isZero();
        assertThat(Totp.step(Instant.ofEpochSecond(30))).isEqualTo(1);
        assertThat(Totp.step(Instant.ofEpochSecond(1111111109))).isEqualTo(0x23523EC);
    }
}
