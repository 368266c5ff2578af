package fr.caducee.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.atMost;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.mail.Flags;
import javax.persistence.EntityNotFoundException;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.inmemory.InMemoryMailboxSessionMapperFactory;
import org.apache.james.mailbox.inmemory.InMemoryMessageId;
import org.apache.james.mailbox.inmemory.mail.InMemoryMessageMapper;
import org.apache.james.mailbox.model.ByteContent;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxConstants;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.store.extractor.JsoupTextExtractor;
import org.apache.james.mailbox.store.mail.MessageMapper.FetchType;
import org.apache.james.mailbox.store.mail.MessageMapperFactory;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.mail.model.impl.PropertyBuilder;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;
import org.apache.james.mailbox.store.search.SimpleMessageSearchIndex;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The paged scan must answer every search as James's whole-mailbox scan does, while never asking the mapper for more
 * than a page of messages. The mailbox holds more than two pages, and messages were deleted, so that UIDs have gaps.
 */
class PagedScanSearchIndexTest {
    private static final int MESSAGES = 2 * PagedScanSearchIndex.PAGE + 57;

    private final InMemoryMailboxSessionMapperFactory factory = new InMemoryMailboxSessionMapperFactory(Clock.systemUTC());
    private final MailboxSession session = new MailboxSession(MailboxSession.SessionId.of(1),
        Username.of("dr.martin@hopital.test"), Optional.of(Username.of("dr.martin@hopital.test")), List.of(Locale.ROOT),
        MailboxConstants.DEFAULT_DELIMITER, MailboxSession.SessionType.User);
    private InMemoryMessageMapper mapper;
    private Mailbox inbox;
    private PagedScanSearchIndex paged;
    private SimpleMessageSearchIndex james;

    @BeforeEach
    void fillTheMailbox() throws Exception {
        inbox = factory.createMailboxMapper(session)
            .create(MailboxPath.inbox(session), UidValidity.of(42)).block();
        mapper = spy(factory.createMessageMapper(session));
        for (int n = 1; n <= MESSAGES; n++) {
            String subject = n % 10 == 0 ? "Compte rendu d'hospitalisation n° " + n : "Résultats de biologie n° " + n;
            String body = n % 7 == 0 ? "Glycémie à jeun élevée, patient " + n : "Bilan normal, patient " + n;
            mapper.add(inbox, message(subject, body, n % 3 == 0));
        }
        // Gaps in the UIDs, as a mailbox has once messages are expunged.
        for (long uid = 100; uid < 140; uid++) {
            mapper.delete(inbox, mapper.findInMailbox(inbox, MessageRange.one(
                MessageUid.of(uid)), FetchType.METADATA, 1).next());
        }
        MessageMapperFactory mappers = ignored -> mapper;
        JsoupTextExtractor textExtractor = new JsoupTextExtractor();
        james = new SimpleMessageSearchIndex(mappers, factory, textExtractor, (attachment, ignored) -> {
            throw new AssertionError("no attachment in these messages");
        });
        paged = new PagedScanSearchIndex(james, mappers, textExtractor, (attachment, ignored) -> {
            throw new AssertionError("no attachment in these messages");
        });
    }

    private SimpleMailboxMessage message(String subject, String body, boolean seen) {
        byte[] content = ("From: labo@biologie.test\r\nTo: dr.martin@hopital.test\r\nSubject: " + subject
            + "\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body + "\r\n")
            .getBytes(StandardCharsets.UTF_8);
        int headerLength = new String(content, StandardCharsets.UTF_8).indexOf("\r\n\r\n") + 4;
        InMemoryMessageId id = InMemoryMessageId.of(System.nanoTime());
        return SimpleMailboxMessage.builder()
            .messageId(id)
            .threadId(ThreadId.fromBaseMessageId(id))
            .internalDate(new Date())
            .size(content.length)
            .bodyStartOctet(new String(content, StandardCharsets.UTF_8).substring(0, headerLength)
                .getBytes(StandardCharsets.UTF_8).length)
            .content(new ByteContent(content))
            .flags(seen ? new Flags(Flags.Flag.SEEN) : new Flags())
            .properties(new PropertyBuilder())
            .mailboxId(inbox.getMailboxId())
            .build();
    }

    private List<MessageUid> searchWith(org.apache.james.mailbox.store.search.MessageSearchIndex index,
                                        SearchQuery query) throws Exception {
        return index.search(session, inbox, query).collectList().block();
    }

    private void assertSameAnswer(SearchQuery query, int expectedHits) throws Exception {
        List<MessageUid> expected = searchWith(james, query);
        List<MessageUid> answer = searchWith(paged, query);
        assertThat(answer).hasSize(expectedHits).isEqualTo(expected);
    }

    @Test
    void aSubjectSearchFindsWhatJamesFindsAcrossEveryPage() throws Exception {
        // Messages 10, 20, ... 560, less the 4 whose UIDs (100, 110, 120, 130) were deleted.
        assertSameAnswer(SearchQuery.of(SearchQuery.headerContains("Subject", "hospitalisation")), 56 - 4);
    }

    @Test
    void anAccentedBodySearchMatchesTheDecodedText() throws Exception {
        List<MessageUid> expected = new ArrayList<>();
        for (int n = 7; n <= MESSAGES; n += 7) {
            if (n < 100 || n >= 140) {
                expected.add(MessageUid.of(n));
            }
        }
        assertSameAnswer(SearchQuery.of(SearchQuery.bodyContains("glycémie")), expected.size());
        assertThat(searchWith(paged, SearchQuery.of(SearchQuery.bodyContains("glycémie")))).isEqualTo(expected);
    }

    @Test
    void aSearchMatchingNothingAnswersNothing() throws Exception {
        assertSameAnswer(SearchQuery.of(SearchQuery.mailContains("radiographie")), 0);
    }

    @Test
    void aFlagCriterionCombinedWithTextByAndOrAndNotAnswersAsJames() throws Exception {
        SearchQuery.Criterion seen = SearchQuery.flagIsSet(Flags.Flag.SEEN);
        SearchQuery.Criterion report = SearchQuery.headerContains("Subject", "hospitalisation");
        // Seen reports: n divisible by 30 (18 of them), less 120, deleted.
        assertSameAnswer(SearchQuery.of(SearchQuery.and(seen, report)), 18 - 1);
        // Seen or a report: 189 + 56 - 18 messages, less those deleted (13 seen + 4 reports - 1 both).
        assertSameAnswer(SearchQuery.of(SearchQuery.or(seen, report)), 227 - 16);
        // Not seen: the 380 others, less the 27 unseen among those deleted.
        assertSameAnswer(SearchQuery.of(SearchQuery.not(seen)), 380 - 27);
    }

    @Test
    void aUidSetReadsOnlyThoseUidsAndStillAppliesTheOtherCriteria() throws Exception {
        SearchQuery.UidRange range = new SearchQuery.UidRange(MessageUid.of(300), MessageUid.of(400));
        SearchQuery query = SearchQuery.of(SearchQuery.uid(range),
            SearchQuery.headerContains("Subject", "hospitalisation"));
        assertSameAnswer(query, 11);
        verify(mapper, never()).findInMailbox(any(), eq(MessageRange.from(
            MessageUid.MIN_VALUE)), any(), anyInt());
    }

    @Test
    void aUidSetUnderAnOrRestrictsNothing() throws Exception {
        SearchQuery.UidRange range = new SearchQuery.UidRange(MessageUid.of(1), MessageUid.of(5));
        SearchQuery query = SearchQuery.of(SearchQuery.or(SearchQuery.uid(range),
            SearchQuery.headerContains("Subject", "hospitalisation")));
        List<MessageUid> answer = searchWith(paged, query);
        assertThat(answer).hasSize(5 + 52).contains(MessageUid.of(1), MessageUid.of(560));
    }

    @Test
    void aMessageExpungedWhileItsPageIsReadIsLeftOutAndTheSearchGoesOn() throws Exception {
        MessageUid expunged = MessageUid.of(20);
        AtomicBoolean first = new AtomicBoolean(true);
        doAnswer(invocation -> {
            Iterator<?> page = (Iterator<?>) invocation.callRealMethod();
            if (!first.getAndSet(false)) {
                return page;
            }
            // Another session expunges message 20 after the query: its content can no longer be loaded.
            List<MailboxMessage> read = new ArrayList<>();
            while (page.hasNext()) {
                MailboxMessage m = (MailboxMessage) page.next();
                if (m.getUid().equals(expunged)) {
                    MailboxMessage gone = spy(m);
                    EntityNotFoundException error = new EntityNotFoundException("expunged by another session");
                    lenient().doThrow(error).when(gone).getHeaderContent();
                    lenient().doThrow(error).when(gone).getFullContent();
                    lenient().doThrow(error).when(gone).getBodyContent();
                    read.add(gone);
                } else {
                    read.add(m);
                }
            }
            mapper.delete(inbox, read.stream().filter(m -> m.getUid().equals(expunged)).findFirst().orElseThrow());
            return read.iterator();
        }).when(mapper).findInMailbox(any(), any(), any(), eq(PagedScanSearchIndex.PAGE));

        List<MessageUid> answer = searchWith(paged,
            SearchQuery.of(SearchQuery.headerContains("Subject", "hospitalisation")));

        assertThat(answer).hasSize(52 - 1).doesNotContain(expunged).contains(MessageUid.of(10), MessageUid.of(30));
    }

    @Test
    void theMapperIsNeverAskedForMoreThanAPage() throws Exception {
        searchWith(paged, SearchQuery.of(SearchQuery.bodyContains("glycémie")));
        verify(mapper, atLeastOnce()).findInMailbox(any(), any(), eq(FetchType.FULL), eq(PagedScanSearchIndex.PAGE));
        verify(mapper, never()).findInMailbox(any(), any(), any(), eq(-1));
    }

    /** An open range ("from this UID on") makes the database sort the rest of the mailbox at every page. */
    @Test
    void everyReadIsOfABoundedRangeOfUids() throws Exception {
        searchWith(paged, SearchQuery.of(SearchQuery.headerContains("Subject", "biologie")));
        verify(mapper, never()).findInMailbox(any(), argThat(range -> range.getType() == MessageRange.Type.FROM
            || range.getType() == MessageRange.Type.ALL), any(), anyInt());
        // 529 messages over 569 UIDs, the 40 expunged ones in one gap: a few more reads than pages, not one per UID.
        verify(mapper, atMost(6)).findInMailbox(any(), any(), any(), eq(PagedScanSearchIndex.PAGE));
    }

    @Test
    void aSearchOfEveryMessageListsTheUidsWithoutReadingAMessage() throws Exception {
        assertSameAnswer(SearchQuery.of(SearchQuery.all()), MESSAGES - 40);
        verify(mapper, never()).findInMailbox(any(), any(), any(), eq(PagedScanSearchIndex.PAGE));
    }

    @Test
    void aHeaderSearchDoesNotReadTheBodies() throws Exception {
        searchWith(paged, SearchQuery.of(SearchQuery.headerContains("Subject", "biologie")));
        verify(mapper, never()).findInMailbox(any(), any(), eq(FetchType.FULL), anyInt());
    }
}
