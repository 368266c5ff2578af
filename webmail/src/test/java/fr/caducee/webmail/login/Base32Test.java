package fr.caducee.webmail.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Base32Test {

    /** RFC 4648 section 10, without the padding authenticator apps do without. */
    @ParameterizedTest
    @CsvSource({"f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI"})
    void encodesAsRfc4648Says(String text, String expected) {
        assertThat(Base32.encode(text.getBytes(StandardCharsets.US_ASCII))).isEqualTo(expected);
    }

    @Test
    void aTwentyByteSecretIsThirtyTwoCharactersShownInGroupsOfFour() {
        String grouped = Base32.grouped(new byte[20]);

        assertThat(grouped).isEqualTo("AAAA AAAA AAAA AAAA AAAA AAAA AAAA AAAA");
    }
}
