package fr.caducee.domain.identifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvalidIdentifierExceptionTest {

    @Test
    void thePartsOfTheMessageAreAvailableSeparately() {
        InvalidIdentifierException e = new InvalidIdentifierException("INS", "123", "is too short");

        assertThat(e).hasMessage("INS 123: is too short");
        assertThat(e.kind()).isEqualTo("INS");
        assertThat(e.value()).isEqualTo("123");
        assertThat(e.problem()).isEqualTo("is too short");
    }

    @Test
    void lineBreaksInAValueCannotForgeLogLines() {
        InvalidIdentifierException e = new InvalidIdentifierException("box address", "a@b.fr\r\nFAKE", "bad");

        assertThat(e.getMessage()).doesNotContain("\r", "\n").isEqualTo("box address \"a@b.fr\\r\\nFAKE\": bad");
    }

    @Test
    void longValuesAreShortenedInTheMessage() {
        String value = "x".repeat(500);

        assertThat(new InvalidIdentifierException("box address", value, "bad").getMessage())
                .hasSizeLessThan(150)
                .contains("(500 characters)");
    }
}
