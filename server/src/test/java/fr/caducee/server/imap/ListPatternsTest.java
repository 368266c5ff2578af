package fr.caducee.server.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.ImapSessionState;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.MailboxType;
import org.apache.james.imap.decode.ImapRequestStreamLineReader;
import org.apache.james.imap.decode.parser.ImapParserFactory;
import org.apache.james.imap.message.request.ListRequest;
import org.apache.james.imap.message.response.ListResponse;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.apache.james.mailbox.model.MailboxMetaData;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

/** LIST with several patterns (RFC 5258 3): read by the parser, run once per pattern, answered once. */
class ListPatternsTest {
    private final UnpooledStatusResponseFactory responses = new UnpooledStatusResponseFactory();
    private final ImapSession session = mock(ImapSession.class);
    private final WrittenAnswers written = new WrittenAnswers();
    private final List<ListRequest> ran = new ArrayList<>();

    private ImapMessage decode(String line) {
        when(session.getState()).thenReturn(ImapSessionState.AUTHENTICATED);
        return new MailboxNameDecoding.DecoderProvider(new ImapParserFactory(responses), responses).get()
            .decode(new ImapRequestStreamLineReader(new ByteArrayInputStream((line + "\r\n")
                .getBytes(StandardCharsets.US_ASCII)), new ByteArrayOutputStream()), session);
    }

    @Test
    void aParenthesisedListOfPatternsIsRead() {
        ListRequest list = (ListRequest) decode("a1 LIST \"\" (\"INBOX\" Sent* {5}\r\nTri/%)");
        assertThat(list.getMailboxPattern().split("\0")).containsExactly("INBOX", "Sent*", "Tri/%");
        ListRequest extended = (ListRequest) decode("a2 LIST (SUBSCRIBED) \"\" (\"a\" \"b\") RETURN (CHILDREN)");
        assertThat(extended.getMailboxPattern()).isEqualTo("a\0b");
        assertThat(extended.getSelectOptions()).isNotEmpty();
        assertThat(((ListRequest) decode("a3 LIST \"\" \"*\"")).getMailboxPattern()).isEqualTo("*");
        assertThat(((ListRequest) decode("a5 LIST \"\" (Tri/*2 Tri/test3)")).getMailboxPattern())
            .isEqualTo("Tri/*2" + ListPatterns.SEPARATOR + "Tri/test3");
    }

    @Test
    void anEmptyListOfPatternsIsAnsweredBad() {
        assertThat(((StatusResponse) decode("a4 LIST \"\" ()")).getServerResponseType())
            .isEqualTo(StatusResponse.Type.BAD);
    }

    @Test
    void recursiveMatchWithoutAnotherSelectionOptionIsAnsweredBad() {
        assertThat(((StatusResponse) decode("a6 LIST (RECURSIVEMATCH) \"\" \"\"")).getServerResponseType())
            .isEqualTo(StatusResponse.Type.BAD);
        assertThat(((StatusResponse) decode("a7 LIST (RECURSIVEMATCH REMOTE) \"\" \"*\"")).getServerResponseType())
            .isEqualTo(StatusResponse.Type.BAD);
        assertThat(((ListRequest) decode("a8 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" \"Tri%\"")).getSelectOptions())
            .contains(ListRequest.ListSelectOption.RECURSIVEMATCH, ListRequest.ListSelectOption.SUBSCRIBED);
    }

    /** Lists, for a pattern, the mailboxes a fixed mailbox tree has under it, as James's LIST would. */
    private final ImapProcessor james = new ImapProcessor() {
        private final Map<String, List<String>> tree = Map.of("INBOX", List.of("INBOX"),
            "*", List.of("INBOX", "Sent"), "Sent", List.of("Sent"));

        @Override
        public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
            ListRequest list = (ListRequest) message;
            ran.add(list);
            return Mono.fromRunnable(() -> {
                if (!tree.containsKey(list.getMailboxPattern())) {
                    responder.respond(responses.taggedNo(list.getTag(), list.getCommand(), HumanReadableText.SEARCH_FAILED));
                    return;
                }
                tree.get(list.getMailboxPattern()).forEach(name -> responder.respond(new ListResponse(
                    MailboxMetaData.Children.HAS_NO_CHILDREN, MailboxMetaData.Selectability.NONE, name, '.', false,
                    false, EnumSet.noneOf(ListResponse.ChildInfo.class), MailboxType.OTHER)));
                responder.respond(responses.taggedOk(list.getTag(), list.getCommand(), HumanReadableText.COMPLETED));
            });
        }

        @Override
        public void configure(ImapConfiguration imapConfiguration) {
        }
    };


    private void list(String patterns) {
        new ListPatterns(james).processReactive(new ListRequest(ImapConstants.LIST_COMMAND, "", patterns,
            new Tag("a5"), EnumSet.noneOf(ListRequest.ListSelectOption.class),
            EnumSet.noneOf(ListRequest.ListReturnOption.class), java.util.Optional.empty()), written, session).block();
    }

    @Test
    void eachPatternIsListedAndEachMailboxOnceWithOneTaggedAnswer() {
        list("INBOX\0*\0Sent");

        assertThat(ran).extracting(ListRequest::getMailboxPattern).containsExactly("INBOX", "*", "Sent");
        assertThat(written).hasSize(3);
        assertThat(written.subList(0, 2)).extracting(response -> ((ListResponse) response).getName())
            .containsExactly("INBOX", "Sent");
        StatusResponse done = (StatusResponse) written.get(2);
        assertThat(done.getTag()).isEqualTo(new Tag("a5"));
        assertThat(done.getServerResponseType()).isEqualTo(StatusResponse.Type.OK);
    }

    @Test
    void aPatternThatFailsEndsTheListWithItsAnswer() {
        list("INBOX\0Archives\0Sent");

        assertThat(ran).extracting(ListRequest::getMailboxPattern).containsExactly("INBOX", "Archives");
        assertThat(written).hasSize(2);
        assertThat(((StatusResponse) written.get(1)).getServerResponseType()).isEqualTo(StatusResponse.Type.NO);
    }

    @Test
    void aListWithOnePatternIsJames() {
        list("*");
        assertThat(written).hasSize(3);
    }

    @Test
    void withRecursiveMatchAParentListedOnlyForAChildThatAnotherPatternListsIsLeftOut() {
        ImapProcessor subscriptions = new ImapProcessor() {
            @Override
            public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
                ListRequest list = (ListRequest) message;
                return Mono.fromRunnable(() -> {
                    boolean parent = list.getMailboxPattern().equals("Tri.test2");
                    responder.respond(new ListResponse(MailboxMetaData.Children.HAS_CHILDREN,
                        MailboxMetaData.Selectability.NONE, list.getMailboxPattern(), '.', !parent, false,
                        parent ? EnumSet.of(ListResponse.ChildInfo.SUBSCRIBED)
                            : EnumSet.noneOf(ListResponse.ChildInfo.class), MailboxType.OTHER));
                    responder.respond(responses.taggedOk(list.getTag(), list.getCommand(), HumanReadableText.COMPLETED));
                });
            }

            @Override
            public void configure(ImapConfiguration imapConfiguration) {
            }
        };
        EnumSet<ListRequest.ListSelectOption> options = EnumSet.of(ListRequest.ListSelectOption.SUBSCRIBED,
            ListRequest.ListSelectOption.RECURSIVEMATCH);

        new ListPatterns(subscriptions).processReactive(new ListRequest(ImapConstants.LIST_COMMAND, "",
            "Tri.test2\0Tri.test2.test1", new Tag("a9"), options, EnumSet.noneOf(ListRequest.ListReturnOption.class),
            java.util.Optional.empty()), written, session).block();
        assertThat(written).hasSize(2);
        assertThat(((ListResponse) written.get(0)).getName()).isEqualTo("Tri.test2.test1");
        written.clear();

        new ListPatterns(subscriptions).processReactive(new ListRequest(ImapConstants.LIST_COMMAND, "",
            "Tri.test2\0Tri.test3", new Tag("a10"), options, EnumSet.noneOf(ListRequest.ListReturnOption.class),
            java.util.Optional.empty()), written, session).block();
        assertThat(written).hasSize(3);
        assertThat(((ListResponse) written.get(0)).getName()).isEqualTo("Tri.test2");
    }
}
