package fr.caducee.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.inmemory.InMemoryMailboxSessionMapperFactory;
import org.apache.james.mailbox.inmemory.InMemoryMessageId;
import org.apache.james.mailbox.model.ByteContent;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxConstants;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.SearchQuery.DateResolution;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.store.extractor.JsoupTextExtractor;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.MessageMapperFactory;
import org.apache.james.mailbox.store.mail.model.impl.PropertyBuilder;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;
import org.apache.james.mailbox.store.search.SimpleMessageSearchIndex;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SENTBEFORE, SENTON and SENTSINCE look at the day the Date: header names, whatever its time and zone: a message
 * written late in the evening west of Greenwich, or early in the morning east of it, is of the day its sender wrote.
 */
class SentDateCriteriaTest {
    private final InMemoryMailboxSessionMapperFactory factory = new InMemoryMailboxSessionMapperFactory(Clock.systemUTC());
    private final MailboxSession session = new MailboxSession(MailboxSession.SessionId.of(1),
        Username.of("dr.martin@hopital.test"), Optional.of(Username.of("dr.martin@hopital.test")), List.of(Locale.ROOT),
        MailboxConstants.DEFAULT_DELIMITER, MailboxSession.SessionType.User);
    private Mailbox inbox;
    private MessageMapper mapper;
    private PagedScanSearchIndex index;

    @BeforeEach
    void fillTheMailbox() throws Exception {
        inbox = factory.createMailboxMapper(session).create(MailboxPath.inbox(session), UidValidity.of(7)).block();
        mapper = factory.createMessageMapper(session);
        add("Mon, 30 Nov 2026 12:00:00 +0100");       // uid 1: 30 November
        add("Tue, 1 Dec 2026 23:30:00 -0500");        // uid 2: 1 December, 2 December in GMT
        add("Tue, 1 Dec 2026 00:30:00 +0200");        // uid 3: 1 December, 30 November in GMT
        add("Wed, 2 Dec 2026 09:00:00 +0000");        // uid 4: 2 December
        add(null);                                    // uid 5: no Date: header
        MessageMapperFactory mappers = ignored -> mapper;
        JsoupTextExtractor text = new JsoupTextExtractor();
        SimpleMessageSearchIndex james = new SimpleMessageSearchIndex(mappers, factory, text, (a, s) -> {
            throw new AssertionError("no attachment");
        });
        index = new PagedScanSearchIndex(james, mappers, text, (a, s) -> {
            throw new AssertionError("no attachment");
        });
    }

    private void add(String date) throws Exception {
        String headers = (date == null ? "" : "Date: " + date + "\r\n")
            + "From: labo@biologie.test\r\nTo: dr.martin@hopital.test\r\nSubject: Bilan\r\n\r\n";
        byte[] content = (headers + "Bilan normal\r\n").getBytes(StandardCharsets.UTF_8);
        InMemoryMessageId id = InMemoryMessageId.of(System.nanoTime());
        mapper.add(inbox, SimpleMailboxMessage.builder()
            .messageId(id)
            .threadId(ThreadId.fromBaseMessageId(id))
            .internalDate(new Date())
            .size(content.length)
            .bodyStartOctet(headers.length())
            .content(new ByteContent(content))
            .flags(new Flags())
            .properties(new PropertyBuilder())
            .mailboxId(inbox.getMailboxId())
            .build());
    }

    /** How IMAP's decoder gives a day: midnight GMT. */
    private static Date day(int year, int month, int dayOfMonth) {
        return Date.from(LocalDate.of(year, month, dayOfMonth).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private List<Long> search(SearchQuery.Criterion criterion) throws Exception {
        return index.search(session, inbox, SearchQuery.of(criterion)).map(MessageUid::asLong).collectList().block();
    }

    @Test
    void sentOnFindsTheMessagesWrittenThatDayInAnyZone() throws Exception {
        assertThat(search(SearchQuery.sentDateOn(day(2026, 12, 1), DateResolution.Day))).containsExactly(2L, 3L);
    }

    @Test
    void sentBeforeComparesTheWrittenDay() throws Exception {
        assertThat(search(SearchQuery.sentDateBefore(day(2026, 12, 1), DateResolution.Day))).containsExactly(1L);
    }

    @Test
    void sentSinceIncludesTheDayItself() throws Exception {
        // IMAP's SENTSINCE is ON or AFTER.
        assertThat(search(SearchQuery.or(SearchQuery.sentDateOn(day(2026, 12, 1), DateResolution.Day),
            SearchQuery.sentDateAfter(day(2026, 12, 1), DateResolution.Day)))).containsExactly(2L, 3L, 4L);
    }

    @Test
    void sentDatesCombineWithOtherKeysAndNegation() throws Exception {
        assertThat(search(SearchQuery.and(SearchQuery.not(SearchQuery.sentDateOn(day(2026, 12, 1), DateResolution.Day)),
            SearchQuery.headerContains("Subject", "Bilan")))).containsExactly(1L, 4L, 5L);
    }

    @Test
    void aMessageWithoutADateIsNeverSentOnADay() throws Exception {
        assertThat(search(SearchQuery.sentDateBefore(day(2100, 1, 1), DateResolution.Day))).doesNotContain(5L);
    }

    @Test
    void theDayIsReadAsWrittenWithTwoDigitYearsAndWithoutWeekday() {
        assertThat(SentDateCriteria.day("1 Dec 2026 23:59:59 -1200")).contains(LocalDate.of(2026, 12, 1));
        assertThat(SentDateCriteria.day("Tue, 1 Dec 26 23:59 +1400")).contains(LocalDate.of(2026, 12, 1));
        assertThat(SentDateCriteria.day("demain")).isEmpty();
    }
}
