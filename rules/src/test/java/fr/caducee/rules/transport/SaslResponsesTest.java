package fr.caducee.rules.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import fr.caducee.rules.Rule;

class SaslResponsesTest {
    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPlainResponseGivesItsThreeFields() {
        assertThat(SaslResponses.plain(base64("\0cardiologie@chu.example*dr.martin@chu.example\0secret pw")))
            .hasValueSatisfying(plain -> {
                assertThat(plain.authorizationId()).isEmpty();
                assertThat(plain.login()).isEqualTo("cardiologie@chu.example*dr.martin@chu.example");
                assertThat(plain.password()).isEqualTo("secret pw");
                assertThat(plain.delegated()).isTrue();
            });
    }

    @Test
    void anOrdinaryPlainLoginIsNotDelegated() {
        assertThat(SaslResponses.plain(base64("\0dr.martin@chu.example\0pw"))).hasValueSatisfying(plain ->
            assertThat(plain.delegated()).isFalse());
    }

    @Test
    void aPlainResponseThatIsNotOneGivesNothing() {
        assertThat(SaslResponses.plain("not base64!")).isEmpty();
        assertThat(SaslResponses.plain(base64("only\0two"))).isEmpty();
        assertThat(SaslResponses.plain(base64("a\0\0pw"))).isEmpty();
        assertThat(SaslResponses.plain("=")).isEmpty();
    }

    @Test
    void externalReadsAnEmptyResponseAsNoAuthorisationIdentity() {
        assertThat(SaslResponses.externalAuthorizationId("=")).isEmpty();
        assertThat(SaslResponses.externalAuthorizationId("")).isEmpty();
        assertThat(SaslResponses.readableExternal("=")).isTrue();
        assertThat(SaslResponses.readableExternal("")).isTrue();
    }

    @Test
    void externalReadsTheBase64OfTheBoxItNames() {
        assertThat(SaslResponses.externalAuthorizationId(base64("dpi@chu.example"))).hasValue("dpi@chu.example");
        assertThat(SaslResponses.readableExternal(base64("dpi@chu.example"))).isTrue();
    }

    @Test
    void externalSaysWhenAResponseIsNotBase64() {
        assertThat(SaslResponses.readableExternal("dpi@chu.example")).isFalse();
    }

    @Test
    void theErrorChallengeIsTheBase64JsonOfRfc7628() {
        assertThat(new String(Base64.getDecoder().decode(SaslResponses.errorChallenge(Rule.PSC_TOKEN_EXPIRED)),
            StandardCharsets.US_ASCII)).isEqualTo("{\"status\":\"invalid_token\"}");
        assertThat(new String(Base64.getDecoder().decode(SaslResponses.errorChallenge(Rule.LOGIN_NO_BOX)),
            StandardCharsets.US_ASCII)).isEqualTo("{\"status\":\"insufficient_scope\"}");
    }
}
