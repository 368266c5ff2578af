package fr.caducee.identity.smime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import javax.mail.internet.MimeUtility;

import org.junit.jupiter.api.Test;

class SignatureResultTest {

    @Test
    void aValidSignatureNamesItsSignerAndAddress() {
        SignatureResult result = SignatureResult.valid("CN=Dr Martin,O=CH Exemple,C=FR", Optional.of("m@chu.fr"));

        assertThat(unfolded(result.headerValue()))
            .isEqualTo("valid; signer=\"CN=Dr Martin,O=CH Exemple,C=FR\"; email=\"m@chu.fr\"");
    }

    @Test
    void anUntrustedSignatureSaysWhyWithQuotesEscaped() {
        SignatureResult result = SignatureResult.untrusted("CN=\"Rogue\",O=X", Optional.empty(), "expired\r\nBcc: x");

        assertThat(unfolded(result.headerValue()))
            .isEqualTo("untrusted; signer=\"CN=\\\"Rogue\\\",O=X\"; reason=\"expired  Bcc: x\"");
    }

    @Test
    void anUnreadableSignatureHasNoSigner() {
        assertThat(SignatureResult.invalid("", Optional.empty(), "unreadable").headerValue())
            .isEqualTo("invalid; reason=\"unreadable\"");
    }

    @Test
    void aSignerWithAccentsIsWrittenInEncodedWords() throws Exception {
        String value = SignatureResult.valid("CN=Hélène Dupré,O=CH Sète,C=FR", Optional.empty()).headerValue();

        assertThat(value).matches("(?s)[\\x20-\\x7e\\r\\n\\t]*").contains("=?UTF-8?Q?");
        assertThat(MimeUtility.decodeText(unfolded(value))).isEqualTo("valid; signer=\"CN=Hélène Dupré,O=CH Sète,C=FR\"");
    }

    private static String unfolded(String value) {
        return MimeUtility.unfold(value);
    }
}
