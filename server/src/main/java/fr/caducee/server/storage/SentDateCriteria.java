package fr.caducee.server.storage;

import java.io.IOException;
import java.io.StringReader;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Header;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.SearchQuery.ConjunctionCriterion;
import org.apache.james.mailbox.model.SearchQuery.Criterion;
import org.apache.james.mailbox.model.SearchQuery.DateOperator;
import org.apache.james.mailbox.model.SearchQuery.HeaderCriterion;
import org.apache.james.mailbox.model.SearchQuery.UidRange;
import org.apache.james.mailbox.store.ResultUtils;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mime4j.dom.datetime.DateTime;
import org.apache.james.mime4j.field.datetime.parser.DateTimeParser;
import org.apache.james.mime4j.field.datetime.parser.ParseException;
import org.apache.james.mime4j.util.MimeUtil;

/**
 * IMAP {@code SENTBEFORE}, {@code SENTON} and {@code SENTSINCE} compare the day written in the {@code Date:} header,
 * "disregarding time and timezone" (RFC 9051 6.4.4). James's matcher first moves that date to GMT, so a message
 * written on the evening of 1 December in Paris's winter (+0100) is still 1 December, but one written at 23:30 in
 * New York (-0500) becomes 2 December, and {@code SENTON 1-Dec-2026} misses it.
 *
 * <p>Each such criterion of a query is answered here, for one page of messages at a time, and replaced by the set
 * of UIDs of the page it matches; the rest of the query (and, or, not, every other key) is still James's matcher's.
 */
final class SentDateCriteria {
    private static final String DATE = "Date";

    private SentDateCriteria() {
    }

    static boolean in(List<Criterion> criteria) {
        for (Criterion criterion : criteria) {
            if (isSentDate(criterion)
                    || criterion instanceof ConjunctionCriterion conjunction && in(conjunction.getCriteria())) {
                return true;
            }
        }
        return false;
    }

    /** The query with each sent-date criterion replaced by the UIDs of {@code page} it matches. */
    static SearchQuery answeredFor(SearchQuery query, List<MailboxMessage> page) throws MailboxException {
        return SearchQuery.builder()
            .andCriteria(answeredFor(query.getCriteria(), page))
            .sorts(query.getSorts())
            .addRecentMessageUids(query.getRecentMessageUids())
            .build();
    }

    private static List<Criterion> answeredFor(List<Criterion> criteria, List<MailboxMessage> page)
            throws MailboxException {
        List<Criterion> answered = new ArrayList<>(criteria.size());
        for (Criterion criterion : criteria) {
            if (isSentDate(criterion)) {
                DateOperator operator = (DateOperator) ((HeaderCriterion) criterion).getOperator();
                List<UidRange> hits = new ArrayList<>();
                for (MailboxMessage message : page) {
                    if (matches(operator, message)) {
                        hits.add(new UidRange(message.getUid()));
                    }
                }
                answered.add(SearchQuery.uid(hits.toArray(UidRange[]::new)));
            } else if (criterion instanceof ConjunctionCriterion conjunction) {
                answered.add(new ConjunctionCriterion(conjunction.getType(),
                    answeredFor(conjunction.getCriteria(), page)));
            } else {
                answered.add(criterion);
            }
        }
        return answered;
    }

    /** IMAP's sent-date keys: a day compared with the Date: header (any other resolution is left to James). */
    private static boolean isSentDate(Criterion criterion) {
        return criterion instanceof HeaderCriterion header
            && DATE.equalsIgnoreCase(header.getHeaderName())
            && header.getOperator() instanceof DateOperator operator
            && operator.getDateResultion() == SearchQuery.DateResolution.Day;
    }

    static boolean matches(DateOperator operator, MailboxMessage message) throws MailboxException {
        Optional<LocalDate> sent = sentDay(message);
        if (sent.isEmpty()) {
            return false;
        }
        // IMAP's decoder gives the day asked for as midnight GMT.
        LocalDate asked = operator.getDate().toInstant().atZone(ZoneOffset.UTC).toLocalDate();
        int comparison = sent.get().compareTo(asked);
        return switch (operator.getType()) {
            case BEFORE -> comparison < 0;
            case AFTER -> comparison > 0;
            case ON -> comparison == 0;
        };
    }

    /** The day the Date: header names, as written; none when the header is missing or not a date. */
    static Optional<LocalDate> sentDay(MailboxMessage message) throws MailboxException {
        try {
            for (Header header : ResultUtils.createHeaders(message)) {
                if (DATE.equalsIgnoreCase(header.getName())) {
                    return day(MimeUtil.unscrambleHeaderValue(header.getValue()));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new MailboxException("Unable to read the headers of message " + message.getUid(), e);
        }
    }

    static Optional<LocalDate> day(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            DateTime written = new DateTimeParser(new StringReader(value.trim())).parseAll();
            return Optional.of(LocalDate.of(written.getYear(), written.getMonth(), written.getDay()));
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
