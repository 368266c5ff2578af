package fr.caducee.server.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Optional;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.IdRange;
import org.apache.james.imap.api.message.request.SearchResultOption;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.SearchRequest;
import org.apache.james.imap.api.message.request.SearchOperation;
import org.apache.james.imap.api.message.request.SearchKey;
import org.apache.james.imap.message.response.ESearchResponse;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.model.ComposedMessageIdWithMetaData;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageRange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class ReturnedMessagesModSeqTest {
    private final UnpooledStatusResponseFactory responses = new UnpooledStatusResponseFactory();
    private final ImapSession session = mock(ImapSession.class);
    private final SelectedMailbox selected = mock(SelectedMailbox.class);
    private final MailboxManager mailboxes = mock(MailboxManager.class);
    private final MessageManager mailbox = mock(MessageManager.class);
    private final MailboxSession mailboxSession = mock(MailboxSession.class);
    private final MailboxId mailboxId = mock(MailboxId.class);
    private final WrittenAnswers written = new WrittenAnswers();

    @BeforeEach
    void aMailboxOfThreeMessagesWhoseSecondWasChangedLast() {
        when(session.getSelected()).thenReturn(selected);
        when(session.getMailboxSession()).thenReturn(mailboxSession);
        when(selected.getMailboxId()).thenReturn(mailboxId);
        when(mailboxes.getMailboxReactive(mailboxId, mailboxSession)).thenReturn(Mono.just(mailbox));
        long[] modSeqs = {0, 5, 9, 7};
        for (int msn = 1; msn <= 3; msn++) {
            MessageUid uid = MessageUid.of(msn * 10L);
            when(selected.uid(msn)).thenReturn(Optional.of(uid));
            ComposedMessageIdWithMetaData metadata = mock(ComposedMessageIdWithMetaData.class);
            when(metadata.getModSeq()).thenReturn(ModSeq.of(modSeqs[msn]));
            when(mailbox.listMessagesMetadata(eq(MessageRange.one(uid)), any())).thenReturn(Flux.just(metadata));
        }
    }

    /** James's SEARCH: messages 1 to 3 found, the highest MODSEQ of all of them (9, message 2's). */
    private ImapProcessor james(List<SearchResultOption> options) {
        return new ImapProcessor() {
            @Override
            public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
                return Mono.fromRunnable(() -> {
                    responder.respond(new ESearchResponse(1, 3, 3, new IdRange[] {new IdRange(1, 3)}, ModSeq.of(9),
                        new Tag("a1"), false, options));
                    responder.respond(responses.taggedOk(new Tag("a1"), ((SearchRequest) message).getCommand(),
                        HumanReadableText.COMPLETED));
                });
            }

            @Override
            public void configure(ImapConfiguration imapConfiguration) {
            }
        };
    }

    private ESearchResponse search(SearchResultOption... options) {
        List<SearchResultOption> returned = List.of(options);
        new ReturnedMessagesModSeq(james(returned), mailboxes).processReactive(new SearchRequest(
            new SearchOperation(SearchKey.buildAll(), returned), false, new Tag("a1")),
            written, session).block();
        assertThat(written).hasSize(2);
        return (ESearchResponse) written.get(0);
    }

    @Test
    void minAloneGivesTheModSeqOfTheFirstMessageFound() {
        assertThat(search(SearchResultOption.MIN).getHighestModSeq()).isEqualTo(ModSeq.of(5));
    }

    @Test
    void maxAloneGivesTheModSeqOfTheLastMessageFound() {
        assertThat(search(SearchResultOption.MAX).getHighestModSeq()).isEqualTo(ModSeq.of(7));
    }

    @Test
    void minAndMaxGiveTheHigherOfTheirTwo() {
        assertThat(search(SearchResultOption.MIN, SearchResultOption.MAX).getHighestModSeq()).isEqualTo(ModSeq.of(7));
    }

    @Test
    void allOrCountKeepTheHighestOfEveryMessageFound() {
        assertThat(ReturnedMessagesModSeq.returnsMinOrMaxOnly(List.of(SearchResultOption.MIN, SearchResultOption.ALL)))
            .isFalse();
        assertThat(ReturnedMessagesModSeq.returnsMinOrMaxOnly(List.of(SearchResultOption.COUNT))).isFalse();
        assertThat(search(SearchResultOption.MIN, SearchResultOption.COUNT).getHighestModSeq()).isEqualTo(ModSeq.of(9));
    }
}
