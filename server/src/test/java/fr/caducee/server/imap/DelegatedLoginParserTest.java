package fr.caducee.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.apache.james.core.Username;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.decode.ImapRequestStreamLineReader;
import org.apache.james.imap.decode.parser.ImapParserFactory;
import org.apache.james.imap.encode.FakeImapSession;
import org.apache.james.imap.message.request.LoginRequest;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.junit.jupiter.api.Test;

/** LOGIN through our decoder: a login naming a box and its member is read, which James's parser cannot. */
class DelegatedLoginParserTest {
    private final UnpooledStatusResponseFactory responses = new UnpooledStatusResponseFactory();

    private ImapMessage decode(String line) {
        return new MailboxNameDecoding.DecoderProvider(new ImapParserFactory(responses), responses).get()
            .decode(new ImapRequestStreamLineReader(new ByteArrayInputStream((line + "\r\n")
                .getBytes(StandardCharsets.US_ASCII)), new ByteArrayOutputStream()), new FakeImapSession());
    }

    @Test
    void aLoginNamingABoxAndItsMemberIsADelegatedLogin() {
        ImapMessage message = decode("a1 LOGIN \"cardiologie@chu.localhost*dr.martin@chu.localhost\" \"pass word\"");

        assertThat(message).isInstanceOfSatisfying(DelegatedLoginParser.DelegatedLoginRequest.class, login -> {
            assertThat(login.getTag()).isEqualTo(new Tag("a1"));
            assertThat(login.login()).isEqualTo("cardiologie@chu.localhost*dr.martin@chu.localhost");
            assertThat(login.password()).isEqualTo("pass word");
            assertThat(login.toString()).doesNotContain("pass word");
        });
    }

    @Test
    void anUnquotedStarIsBadSyntaxAsImapSaysClientsQuoteIt() {
        // RFC 9051: '*' is a list wildcard, not an atom character; Thunderbird and curl send the login quoted.
        assertThat(decode("a1 LOGIN cardiologie@chu.localhost*dr.martin@chu.localhost secret"))
            .isInstanceOfSatisfying(StatusResponse.class, answer ->
                assertThat(answer.getServerResponseType()).isEqualTo(StatusResponse.Type.BAD));
    }

    @Test
    void anOrdinaryLoginIsJamesOwnRequest() {
        assertThat(decode("a1 LOGIN dr.martin@chu.localhost secret")).isInstanceOfSatisfying(LoginRequest.class,
            login -> {
                assertThat(login.getUserid()).isEqualTo(Username.of("dr.martin@chu.localhost"));
                assertThat(login.getPassword()).isEqualTo("secret");
            });
    }
}
