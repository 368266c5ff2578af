package fr.caducee.server.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.ImapSessionState;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.decode.ImapRequestStreamLineReader;
import org.apache.james.imap.decode.parser.ImapParserFactory;
import org.apache.james.imap.message.request.CreateRequest;
import org.apache.james.imap.message.request.ListRequest;
import org.apache.james.imap.message.request.SelectRequest;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.MailboxConstants;
import org.junit.jupiter.api.Test;

/**
 * James's own parsers, behind ours: a name that is not modified UTF-7 gets NO with a sentence, a pattern that is not
 * lists nothing; never an error.
 */
class MailboxNameDecodingTest {
    private final UnpooledStatusResponseFactory responses = new UnpooledStatusResponseFactory();
    private final ImapDecoder decoder = new MailboxNameDecoding.DecoderProvider(new ImapParserFactory(responses),
        responses).get();
    private final ImapSession session = mock(ImapSession.class);

    private ImapMessage decode(String line) {
        when(session.getState()).thenReturn(ImapSessionState.AUTHENTICATED);
        when(session.getMailboxSession()).thenReturn(new MailboxSession(MailboxSession.SessionId.of(1),
            Username.of("dr.martin@hopital.test"), Optional.of(Username.of("dr.martin@hopital.test")),
            List.of(Locale.ROOT), MailboxConstants.DEFAULT_DELIMITER, MailboxSession.SessionType.User));
        return decoder.decode(new ImapRequestStreamLineReader(
            new ByteArrayInputStream((line + "\r\n").getBytes(StandardCharsets.US_ASCII)), new ByteArrayOutputStream()),
            session);
    }

    private static void assertAnswered(ImapMessage message, String tag, StatusResponse.Type type) {
        assertThat(message).isInstanceOf(StatusResponse.class);
        StatusResponse answer = (StatusResponse) message;
        assertThat(answer.getServerResponseType()).isEqualTo(type);
        assertThat(answer.getTag()).isEqualTo(new Tag(tag));
    }

    private static void assertNoInvalidName(ImapMessage message, String tag) {
        assertAnswered(message, tag, StatusResponse.Type.NO);
        assertThat(((StatusResponse) message).getTextKey()).isEqualTo(MailboxNameDecoding.INVALID_NAME);
    }

    @Test
    void aCreateOfANameWithALoneAmpersandIsAnsweredNo() {
        assertNoInvalidName(decode("a1 CREATE \"a&b\""), "a1");
    }

    @Test
    void aSelectOfAnUnfinishedSequenceIsAnsweredNo() {
        assertNoInvalidName(decode("a2 SELECT \"&Jjo\""), "a2");
    }

    @Test
    void aListPatternThatCannotBeDecodedListsNothingBeforeItsProcessor() {
        assertAnswered(decode("a3 LIST \"\" \"a&b*\""), "a3", StatusResponse.Type.OK);
        assertAnswered(decode("a4 LSUB \"&Jjo\" \"*\""), "a4", StatusResponse.Type.OK);
    }

    @Test
    void validNamesGoOnToTheirProcessors() {
        assertThat(decode("a5 CREATE \"Re&AOc-us\"")).isInstanceOf(CreateRequest.class);
        assertThat(decode("a6 SELECT \"a&-b\"")).isInstanceOf(SelectRequest.class);
        assertThat(decode("a7 LIST \"\" \"*\"")).isInstanceOf(ListRequest.class);
    }

    @Test
    void decodableNamesAreTheModifiedUtf7Ones() {
        assertThat(MailboxNameDecoding.decodable("INBOX")).isTrue();
        assertThat(MailboxNameDecoding.decodable("&ZeVnLIqe-")).isTrue();
        assertThat(MailboxNameDecoding.decodable("a&")).isFalse();
        assertThat(MailboxNameDecoding.decodable("&AGEAYQ")).isFalse();
    }
}
