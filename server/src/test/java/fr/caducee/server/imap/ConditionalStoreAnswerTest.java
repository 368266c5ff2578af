package fr.caducee.server.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;


import javax.mail.Flags;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.IdRange;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.StoreRequest;
import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageSequenceNumber;
import org.apache.james.mailbox.ModSeq;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

/** RFC 7162 3.1.3: {@code OK [MODIFIED 1:2]}, without the 0 James writes in front of the set. */
class ConditionalStoreAnswerTest {
    private final UnpooledStatusResponseFactory responses = new UnpooledStatusResponseFactory();
    private final WrittenAnswers written = new WrittenAnswers();

    @Test
    void theModifiedSetIsWrittenAsTheRfcSays() {
        ImapProcessor james = new ImapProcessor() {
            @Override
            public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
                return Mono.fromRunnable(() -> responder.respond(responses.taggedOk(new Tag("a8"),
                    ImapConstants.STORE_COMMAND, HumanReadableText.FAILED,
                    StatusResponse.ResponseCode.condStore(new IdRange[] {new IdRange(1, 2)}))));
            }

            @Override
            public void configure(ImapConfiguration imapConfiguration) {
            }
        };
        StoreRequest store = new StoreRequest(new IdRange[] {new IdRange(1, 2)}, false, new Flags(Flags.Flag.FLAGGED),
            false, new Tag("a8"), MessageManager.FlagsUpdateMode.ADD, 5L);

        new ConditionalStoreAnswer(james, responses).processReactive(store, written, mock(ImapSession.class)).block();

        StatusResponse answer = (StatusResponse) written.get(0);
        assertThat(answer.getServerResponseType()).isEqualTo(StatusResponse.Type.OK);
        assertThat(answer.getTag()).isEqualTo(new Tag("a8"));
        assertThat(answer.getResponseCode()).isNull();
        assertThat(answer.getTextKey().getDefaultValue()).startsWith("[MODIFIED 1:2] ");
    }

    @Test
    void aSilentStoreWritesNoEmptyFetchForAMessageWhoseFlagsDidNotChange() {
        ImapProcessor james = new ImapProcessor() {
            @Override
            public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
                return Mono.fromRunnable(() -> {
                    responder.respond(new FetchResponse(MessageSequenceNumber.of(2), null, null, null, ModSeq.of(40),
                        null, null, null, null, null, null, null, null));
                    // Flags already set: no new MODSEQ, nothing else asked for.
                    responder.respond(new FetchResponse(MessageSequenceNumber.of(3), null, null, null, null,
                        null, null, null, null, null, null, null, null));
                    responder.respond(responses.taggedOk(new Tag("a9"), ImapConstants.STORE_COMMAND,
                        HumanReadableText.COMPLETED));
                });
            }

            @Override
            public void configure(ImapConfiguration imapConfiguration) {
            }
        };
        StoreRequest store = new StoreRequest(new IdRange[] {new IdRange(2, 3)}, true, new Flags(Flags.Flag.SEEN),
            false, new Tag("a9"), MessageManager.FlagsUpdateMode.ADD, -1L);

        new ConditionalStoreAnswer(james, responses).processReactive(store, written, mock(ImapSession.class)).block();

        assertThat(written).hasSize(2);
        assertThat(((FetchResponse) written.get(0)).getMessageNumber().asInt()).isEqualTo(2);
        assertThat(written.get(1)).isInstanceOf(StatusResponse.class);
    }
}
