package fr.caducee.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import fr.caducee.rules.Rule;

class SentenceTest {

    @Test
    void aSentenceIsAsciiWithoutAccentsAndEndsWithItsRule() {
        assertThat(Sentence.of("Connectez-vous avec Pro Santé Connect", Rule.PSC_TOKEN_EXPIRED))
            .isEqualTo("Connectez-vous avec Pro Sante Connect (psc-token-expired)");
    }

    @Test
    void controlCharactersAndOtherScriptsBecomeQuestionMarks() {
        assertThat(Sentence.shown("a\r\nb\u0001c\u4e2d")).isEqualTo("a??b?c?");
    }

    @Test
    void aShownValueIsCutAtOneHundredAndTwentyCharacters() {
        assertThat(Sentence.shown("x".repeat(500))).hasSize(120).endsWith("...");
        assertThat(Sentence.shown(null)).isEmpty();
    }
}
