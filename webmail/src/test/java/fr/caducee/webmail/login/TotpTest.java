package fr.caducee.webmail.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TotpTest {
    /** RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890". */
    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({
        "59, 94287082",
        "1111111109, 07081804",
        "1111111111, 14050471",
        "1234567890, 89005924",
        "2000000000, 69279037",
        "20000000000, 65353130"})
    void codesAreThoseOfRfc6238AppendixB(long seconds, String expected) {
        long step = Totp.step(Instant.ofEpochSecond(seconds));

        assertThat(Totp.code(RFC_SEED, step, 8)).isEqualTo(expected);
        assertThat(Totp.code(RFC_SEED, step)).isEqualTo(expected.substring(2));
    }

    @Test
    void aCodeOfTheStepBeforeOrAfterIsAcceptedButNotTwoStepsAway() {
        Instant now = Instant.ofEpochSecond(1_111_111_111L);
        long step = Totp.step(now);

        assertThat(Totp.match(RFC_SEED, Totp.code(RFC_SEED, step - 1), now, 0)).hasValue(step - 1);
        assertThat(Totp.match(RFC_SEED, Totp.code(RFC_SEED, step + 1), now, 0)).hasValue(step + 1);
        assertThat(Totp.match(RFC_SEED, Totp.code(RFC_SEED, step - 2), now, 0)).isEmpty();
        assertThat(Totp.match(RFC_SEED, Totp.code(RFC_SEED, step + 2), now, 0)).isEmpty();
    }

    @Test
    void aCodeOfAStepAlreadyAcceptedOrEarlierIsRefused() {
        Instant now = Instant.ofEpochSecond(1_111_111_111L);
        long step = Totp.step(now);

        assertThat(Totp.match(RFC_SEED, Totp.code(RFC_SEED, step), now, step)).isEmpty();
        assertThat(Totp.match(RFC_SEED, Totp.code(RFC_SEED, step - 1), now, step)).isEmpty();
        assertThat(Totp.match(RFC_SEED, Totp.code(RFC_SEED, step + 1), now, step)).hasValue(step + 1);
    }

    @Test
    void somethingThatIsNotSixDigitsIsNoCode() {
        Instant now = Instant.ofEpochSecond(59);

        assertThat(Totp.match(RFC_SEED, null, now, 0)).isEmpty();
        assertThat(Totp.match(RFC_SEED, "4287082", now, 0)).isEmpty();
        assertThat(Totp.match(RFC_SEED, "28708a", now, 0)).isEmpty();
    }
}
