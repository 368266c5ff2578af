package fr.caducee.server.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.persistence.EntityNotFoundException;

import org.apache.james.mailbox.AttachmentContentLoader;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.extractor.TextExtractor;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.SearchQuery.ConjunctionCriterion;
import org.apache.james.mailbox.model.SearchQuery.Criterion;
import org.apache.james.mailbox.model.SearchQuery.UidCriterion;
import org.apache.james.mailbox.model.SearchQuery.UidRange;
import org.apache.james.mailbox.store.mail.MessageMapperFactory;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.MessageMapper.FetchType;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.apache.james.mailbox.store.search.MessageSearches;
import org.apache.james.mailbox.store.search.SimpleMessageSearchIndex;
import org.apache.james.util.ReactorUtils;

import com.google.common.collect.ImmutableList;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * IMAP SEARCH by scanning the mailbox a page of messages at a time.
 *
 * <p>James's {@link SimpleMessageSearchIndex} reads every message of the mailbox into memory, then matches them:
 * while a search runs, the server holds the whole mailbox (the soak test saw 12,000 messages alive during searches
 * of a 12,000-message INBOX), so one client searching a large mailbox could take the heap every other client
 * needs. Here the messages are read in UID order, at most {@value #PAGE} at a time, each page matched with James's
 * own matcher ({@link MessageSearches}) and let go before the next; only the UIDs of the hits are kept. The answer is
 * the same: the pages come in UID order and IMAP SEARCH answers in UID order.
 *
 * <p>Each read is of a bounded range of UIDs, never "from this UID on" with a limit: the database sorts what the
 * range holds before it keeps the first page, so an open range costs the rest of the mailbox at every page (a search
 * of 100,000 messages ran for minutes). The range starts at {@value #PAGE} UIDs and follows the mailbox's density:
 * the span of the last full page, or twice as wide after a page that was not full, up to {@value #MAX_WINDOW}.
 *
 * <p>{@code SENTBEFORE}, {@code SENTON} and {@code SENTSINCE} compare the day written in the Date: header, whatever
 * its time and zone ({@link SentDateCriteria}), where James's matcher compares the day in GMT.
 *
 * <p>A query matching every message (SELECT lists the mailbox so) reads only the UIDs. A query with a UID set among
 * the criteria it requires reads only those UIDs. Queries sorted otherwise than by UID (IMAP SORT) and searches
 * across several mailboxes are left to James.
 */
public final class PagedScanSearchIndex implements MessageSearchIndex {
    static final int PAGE = 256;
    /** The widest UID range one read covers, where expunged messages left the UIDs sparse. */
    static final long MAX_WINDOW = 64L * PAGE;
    /** Reads of one page before a search gives up on a mailbox being expunged under it. */
    static final int READS = 3;

    private final SimpleMessageSearchIndex james;
    private final MessageMapperFactory mappers;
    private final TextExtractor textExtractor;
    private final AttachmentContentLoader attachments;

    @Inject
    public PagedScanSearchIndex(SimpleMessageSearchIndex james, MessageMapperFactory mappers,
                                TextExtractor textExtractor, AttachmentContentLoader attachments) {
        this.james = james;
        this.mappers = mappers;
        this.textExtractor = textExtractor;
        this.attachments = attachments;
    }

    @Override
    public Flux<MessageUid> search(MailboxSession session, Mailbox mailbox,
                                   SearchQuery query) throws MailboxException {
        if (!inUidOrder(query)) {
            return james.search(session, mailbox, query);
        }
        if (query.getCriteria().stream().allMatch(SearchQuery.AllCriterion.class::isInstance)) {
            // How SELECT lists a mailbox: its UIDs are the whole answer, one query of the index, no message read.
            return mappers.getMessageMapper(session).listAllMessageUids(mailbox);
        }
        return Mono.fromCallable(() -> scan(session, mailbox, query))
            .flatMapMany(Flux::fromIterable)
            .subscribeOn(ReactorUtils.BLOCKING_CALL_WRAPPER);
    }

    private List<MessageUid> scan(MailboxSession session, Mailbox mailbox,
                                  SearchQuery query) throws MailboxException {
        MessageMapper mapper = mappers.getMessageMapper(session);
        Optional<MessageUid> lastUid = mapper.getLastUid(mailbox);
        if (lastUid.isEmpty()) {
            return List.of();
        }
        FetchType fetchType = fetchType(query.getCriteria());
        List<MessageUid> hits = new ArrayList<>();
        for (UidRange range : rangesToRead(query)) {
            MessageUid high = range.getHighValue().compareTo(lastUid.get()) < 0 ? range.getHighValue() : lastUid.get();
            MessageUid from = range.getLowValue();
            long window = PAGE;
            while (from.compareTo(high) <= 0) {
                MessageUid to = MessageUid.of(Math.min(high.asLong(), from.asLong() + window - 1));
                List<MailboxMessage> page = matchPage(mapper, mailbox, MessageRange.range(from, to), fetchType, query,
                    session, hits);
                if (page.size() == PAGE) {
                    MessageUid last = page.get(PAGE - 1).getUid();
                    if (last.compareTo(high) >= 0) {
                        break;
                    }
                    // The UIDs a full page spanned: how dense the mailbox is here.
                    window = Math.max(PAGE, last.asLong() - from.asLong() + 1);
                    from = last.next();
                } else {
                    if (to.equals(high)) {
                        break;
                    }
                    // Fewer messages than UIDs here (expunged ones): a wider window next time.
                    window = Math.min(window * 2, MAX_WINDOW);
                    from = to.next();
                }
            }
        }
        return hits;
    }

    /**
     * Reads a page and adds its hits to {@code hits}. A message of the page that another session expunged after the
     * page was read can no longer have its content loaded: the page is then read again, without it (RFC 3501 lets
     * a search leave out what was expunged meanwhile). Only after {@value #READS} such tries does the search fail.
     */
    private List<MailboxMessage> matchPage(MessageMapper mapper, Mailbox mailbox, MessageRange pageRange,
                                           FetchType fetchType, SearchQuery query, MailboxSession session,
                                           List<MessageUid> hits) throws MailboxException {
        boolean sentDates = SentDateCriteria.in(query.getCriteria());
        for (int read = 1; ; read++) {
            List<MailboxMessage> page = ImmutableList.copyOf(mapper.findInMailbox(mailbox, pageRange, fetchType, PAGE));
            List<MessageUid> pageHits = new ArrayList<>();
            try {
                SearchQuery pageQuery = sentDates ? SentDateCriteria.answeredFor(query, page) : query;
                new MessageSearches(page.iterator(), pageQuery, textExtractor, attachments, session)
                    .forEach(hit -> pageHits.add(hit.getMessageUid()));
                hits.addAll(pageHits);
                return page;
            } catch (RuntimeException e) {
                if (read == READS || !expungedMeanwhile(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean expungedMeanwhile(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof EntityNotFoundException) {
                return true;
            }
        }
        return false;
    }

    /** As little of each message as the criteria look at: a search on headers need not read the bodies. */
    static FetchType fetchType(List<Criterion> criteria) {
        FetchType needed = FetchType.METADATA;
        for (Criterion criterion : criteria) {
            FetchType type;
            if (criterion instanceof ConjunctionCriterion conjunction) {
                type = fetchType(conjunction.getCriteria());
            } else if (criterion instanceof SearchQuery.TextCriterion || criterion instanceof SearchQuery.AllCriterion) {
                type = FetchType.FULL;
            } else if (criterion instanceof SearchQuery.HeaderCriterion
                    || criterion instanceof SearchQuery.SubjectCriterion
                    || criterion instanceof SearchQuery.MimeMessageIDCriterion) {
                type = FetchType.HEADERS;
            } else {
                type = FetchType.METADATA;
            }
            if (type.compareTo(needed) > 0) {
                needed = type;
            }
        }
        return needed;
    }

    /** IMAP SEARCH's own order; any other sort needs every hit at once, which is James's way. */
    static boolean inUidOrder(SearchQuery query) {
        return query.getSorts().stream().allMatch(sort -> sort.getSortClause() == SearchQuery.Sort.SortClause.Uid
            && !sort.isReverse());
    }

    /**
     * The UIDs a hit must be among: those of a UID criterion the query requires (at its top level, or inside an AND),
     * or all of them. A UID set under an OR or a NOT restricts nothing.
     */
    static List<UidRange> rangesToRead(SearchQuery query) {
        return requiredUidCriterion(query.getCriteria())
            .map(criterion -> List.of(criterion.getOperator().getRange()))
            .orElse(List.of(new UidRange(MessageUid.MIN_VALUE, MessageUid.MAX_VALUE)));
    }

    private static Optional<UidCriterion> requiredUidCriterion(List<Criterion> criteria) {
        for (Criterion criterion : criteria) {
            if (criterion instanceof UidCriterion uid) {
                return Optional.of(uid);
            }
            if (criterion instanceof ConjunctionCriterion conjunction
                    && conjunction.getType() == SearchQuery.Conjunction.AND) {
                Optional<UidCriterion> inner = requiredUidCriterion(conjunction.getCriteria());
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Flux<MessageId> search(MailboxSession session, Collection<MailboxId> mailboxIds,
                                  SearchQuery searchQuery, long limit) throws MailboxException {
        return james.search(session, mailboxIds, searchQuery, limit);
    }

    @Override
    public EnumSet<MailboxManager.SearchCapabilities> getSupportedCapabilities(
            EnumSet<MailboxManager.MessageCapabilities> messageCapabilities) {
        return james.getSupportedCapabilities(messageCapabilities);
    }
}
