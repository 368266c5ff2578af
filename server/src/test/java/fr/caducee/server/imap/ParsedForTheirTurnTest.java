package fr.caducee.server.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.ImapSessionState;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.ImapRequestStreamLineReader;
import org.apache.james.imap.decode.parser.ImapParserFactory;
import org.apache.james.imap.message.request.FetchRequest;
import org.apache.james.imap.message.request.SelectRequest;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.junit.jupiter.api.Test;

/** Commands pipelined behind LOGIN are parsed for the state they will run in; their processor decides then. */
class ParsedForTheirTurnTest {
    private final UnpooledStatusResponseFactory responses = new UnpooledStatusResponseFactory();
    private final ImapSession session = mock(ImapSession.class);

    private ImapMessage decode(ImapSessionState state, String line) {
        when(session.getState()).thenReturn(state);
        return new MailboxNameDecoding.DecoderProvider(new ImapParserFactory(responses), responses).get()
            .decode(new ImapRequestStreamLineReader(new ByteArrayInputStream((line + "\r\n")
                .getBytes(StandardCharsets.US_ASCII)), new ByteArrayOutputStream()), session);
    }

    @Test
    void aSelectArrivingBeforeTheLoginAheadOfItRanIsParsed() {
        assertThat(decode(ImapSessionState.NON_AUTHENTICATED, "b SELECT INBOX")).isInstanceOf(SelectRequest.class);
        assertThat(decode(ImapSessionState.AUTHENTICATED, "c FETCH 1:* (FLAGS)")).isInstanceOf(FetchRequest.class);
    }

    @Test
    void aLoginOnceLoggedInIsStillRefusedAsJamesRefusesIt() {
        ImapMessage answer = decode(ImapSessionState.AUTHENTICATED, "d LOGIN someone secret");
        assertThat(answer).isInstanceOf(StatusResponse.class);
        assertThat(((StatusResponse) answer).getServerResponseType()).isEqualTo(StatusResponse.Type.NO);
    }

    @Test
    void theSessionSeenByTheParserIsTheSessionInAnotherState() {
        when(session.getState()).thenReturn(ImapSessionState.NON_AUTHENTICATED);
        when(session.isTLSActive()).thenReturn(true);
        ImapSession seen = ParsedForTheirTurn.seenIn(session, ImapSessionState.SELECTED);
        assertThat(seen.getState()).isEqualTo(ImapSessionState.SELECTED);
        assertThat(seen.isTLSActive()).isTrue();
    }
}
