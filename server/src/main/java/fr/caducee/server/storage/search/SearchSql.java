package fr.caducee.server.storage.search;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.mail.Flags;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.UnsupportedSearchException;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.SearchQuery.AddressOperator;
import org.apache.james.mailbox.model.SearchQuery.ConjunctionCriterion;
import org.apache.james.mailbox.model.SearchQuery.ContainsOperator;
import org.apache.james.mailbox.model.SearchQuery.Criterion;
import org.apache.james.mailbox.model.SearchQuery.DateOperator;
import org.apache.james.mailbox.model.SearchQuery.DateResolution;
import org.apache.james.mailbox.model.SearchQuery.ExistsOperator;
import org.apache.james.mailbox.model.SearchQuery.HeaderCriterion;
import org.apache.james.mailbox.model.SearchQuery.NumericOperator;
import org.apache.james.mailbox.model.SearchQuery.Sort;
import org.apache.james.mailbox.model.SearchQuery.UidRange;

/**
 * One {@link SearchQuery} as one SQL statement over {@code caducee_mailbox_message} ({@code m}) and
 * {@code caducee_message_search} ({@code s}), with exactly James's semantics but for text, which is matched folded
 * (case and accents ignored, as users expect; James ignores case only). Every criterion is expressed exactly in SQL:
 * no second pass in Java.
 *
 * <ul>
 *   <li>Text: {@code LIKE '%folded%'} on {@code s.body}, and for a header a regular expression anchored on its line
 *   ({@code \nsubject: [^\n]*folded}); both are served by the trigram indexes.</li>
 *   <li>Dates as James compares them (truncated to the resolution asked, in UTC), except the sent day of
 *   SENTBEFORE/SENTON/SENTSINCE: the day written in the Date: header, whatever its time and zone (RFC 9051).</li>
 *   <li>A comparison on a column that can be empty (sent date) is false when it is empty, also under NOT.</li>
 * </ul>
 */
final class SearchSql {
    private static final String DATE_HEADER = "date";
    private static final int MANY_RANGES = 64;

    private final StringBuilder where = new StringBuilder();
    private final List<Parameter> parameters = new ArrayList<>();
    private final Collection<MessageUid> recentUids;
    private boolean readsSearchTable;

    @FunctionalInterface
    interface Parameter {
        void bind(PreparedStatement statement, int index) throws SQLException;
    }

    private SearchSql(Collection<MessageUid> recentUids) {
        this.recentUids = recentUids;
    }

    /** The conditions of {@code query}; the caller writes the rest of the statement around {@link #where()}. */
    static SearchSql of(SearchQuery query) throws UnsupportedSearchException {
        SearchSql sql = new SearchSql(query.getRecentMessageUids());
        sql.all(query.getCriteria(), " AND ", "TRUE");
        return sql;
    }

    String where() {
        return where.toString();
    }

    List<Parameter> parameters() {
        return parameters;
    }

    /** Whether the statement must join {@code caducee_message_search} (flag, UID and size searches need not). */
    boolean readsSearchTable() {
        return readsSearchTable;
    }

    /** {@code ORDER BY} for James's sorts, UID as the last key (RFC 5256: ties in sequence order). */
    String orderBy(List<Sort> sorts) {
        return orderByKeys(sorts.stream()
            .map(sort -> new SortKey.Order(SortKey.of(sort.getSortClause()), sort.isReverse()))
            .toList());
    }

    String orderByKeys(List<SortKey.Order> sorts) {
        List<String> keys = new ArrayList<>();
        for (SortKey.Order sort : sorts) {
            readsSearchTable |= sort.key().readsSearchTable;
            keys.add(sort.key().expression + (sort.reverse() ? " DESC" : " ASC"));
        }
        keys.add("m.uid ASC");
        return String.join(", ", keys);
    }

    private String searchColumn(String column) {
        readsSearchTable = true;
        return column;
    }

    private void all(List<Criterion> criteria, String operator, String whenEmpty) throws UnsupportedSearchException {
        if (criteria.isEmpty()) {
            where.append(whenEmpty);
            return;
        }
        where.append('(');
        for (int i = 0; i < criteria.size(); i++) {
            if (i > 0) {
                where.append(operator);
            }
            criterion(criteria.get(i));
        }
        where.append(')');
    }

    private void criterion(Criterion criterion) throws UnsupportedSearchException {
        if (criterion instanceof SearchQuery.AllCriterion) {
            where.append("TRUE");
        } else if (criterion instanceof ConjunctionCriterion conjunction) {
            switch (conjunction.getType()) {
                case AND -> all(conjunction.getCriteria(), " AND ", "TRUE");
                case OR -> all(conjunction.getCriteria(), " OR ", "FALSE");
                case NOR -> {
                    where.append("NOT ");
                    all(conjunction.getCriteria(), " OR ", "FALSE");
                }
            }
        } else if (criterion instanceof SearchQuery.UidCriterion uid) {
            uids(uid.getOperator().getRange());
        } else if (criterion instanceof SearchQuery.FlagCriterion flag) {
            flag(flag.getFlag(), flag.getOperator().isSet());
        } else if (criterion instanceof SearchQuery.CustomFlagCriterion flag) {
            where.append(flag.getOperator().isSet() ? "" : "NOT ").append("(m.user_flags @> ARRAY[?]::text[])");
            String name = flag.getFlag();
            parameters.add((statement, index) -> statement.setString(index, name));
        } else if (criterion instanceof SearchQuery.SizeCriterion size) {
            numeric("m.size", size.getOperator());
        } else if (criterion instanceof SearchQuery.ModSeqCriterion modSeq) {
            numeric("m.modseq", modSeq.getOperator());
        } else if (criterion instanceof SearchQuery.InternalDateCriterion date) {
            date("m.internal_date", date.getOperator());
        } else if (criterion instanceof SearchQuery.SaveDateCriterion date) {
            date("m.save_date", date.getOperator());
        } else if (criterion instanceof SearchQuery.HeaderCriterion header) {
            header(header);
        } else if (criterion instanceof SearchQuery.SubjectCriterion subject) {
            header(subject.asHeaderCriterion());
        } else if (criterion instanceof SearchQuery.MimeMessageIDCriterion messageId) {
            header(messageId.asHeaderCriterion());
        } else if (criterion instanceof SearchQuery.TextCriterion text) {
            text(text);
        } else if (criterion instanceof SearchQuery.MessageIdCriterion messageId) {
            where.append("(m.message_id = ?)");
            UUID id = uuid(messageId.getMessageId().serialize());
            parameters.add((statement, index) -> statement.setObject(index, id));
        } else if (criterion instanceof SearchQuery.ThreadIdCriterion thread) {
            where.append("(m.thread_id IS NOT NULL AND m.thread_id = ?)");
            UUID id = uuid(thread.getThreadId().serialize());
            parameters.add((statement, index) -> statement.setObject(index, id));
        } else if (criterion instanceof SearchQuery.AttachmentCriterion attachment) {
            where.append(attachment.getOperator().isSet() ? "" : "NOT ").append(searchColumn("s.has_attachment"));
        } else {
            throw new UnsupportedSearchException();
        }
    }

    private void uids(UidRange[] ranges) {
        if (ranges.length == 0) {
            where.append("FALSE");
            return;
        }
        if (ranges.length > MANY_RANGES) {
            // A sequence set of thousands of ranges (SEARCH UID of a SEARCH's result) as two arrays: a statement
            // carries at most 32,767 parameters, and the planner reads one array faster than thousands of ORs.
            Long[] lows = new Long[ranges.length];
            Long[] highs = new Long[ranges.length];
            for (int i = 0; i < ranges.length; i++) {
                lows[i] = ranges[i].getLowValue().asLong();
                highs[i] = ranges[i].getHighValue().asLong();
            }
            where.append("EXISTS (SELECT 1 FROM unnest(?::bigint[], ?::bigint[]) AS r(low, high) "
                + "WHERE m.uid BETWEEN r.low AND r.high)");
            parameters.add((statement, index) ->
                statement.setArray(index, statement.getConnection().createArrayOf("bigint", lows)));
            parameters.add((statement, index) ->
                statement.setArray(index, statement.getConnection().createArrayOf("bigint", highs)));
            return;
        }
        where.append('(');
        for (int i = 0; i < ranges.length; i++) {
            if (i > 0) {
                where.append(" OR ");
            }
            long low = ranges[i].getLowValue().asLong();
            long high = ranges[i].getHighValue().asLong();
            if (low == high) {
                where.append("m.uid = ?");
                parameters.add((statement, index) -> statement.setLong(index, low));
            } else {
                where.append("m.uid BETWEEN ? AND ?");
                parameters.add((statement, index) -> statement.setLong(index, low));
                parameters.add((statement, index) -> statement.setLong(index, high));
            }
        }
        where.append(')');
    }

    private void flag(Flags.Flag flag, boolean set) {
        if (flag == Flags.Flag.RECENT) {
            // \Recent belongs to the IMAP session, which gives its recent UIDs with the query.
            where.append(set ? "" : "NOT ").append("(m.uid = ANY(?))");
            Long[] uids = recentUids.stream().map(MessageUid::asLong).toArray(Long[]::new);
            parameters.add((statement, index) ->
                statement.setArray(index, statement.getConnection().createArrayOf("bigint", uids)));
            return;
        }
        String column = systemFlagColumn(flag);
        if (column == null) {
            where.append(set ? "FALSE" : "TRUE");
            return;
        }
        where.append(set ? "m." + column : "NOT m." + column);
    }

    private static String systemFlagColumn(Flags.Flag flag) {
        if (flag == Flags.Flag.ANSWERED) {
            return "answered";
        } else if (flag == Flags.Flag.DELETED) {
            return "deleted";
        } else if (flag == Flags.Flag.DRAFT) {
            return "draft";
        } else if (flag == Flags.Flag.FLAGGED) {
            return "flagged";
        } else if (flag == Flags.Flag.SEEN) {
            return "seen";
        }
        return null;
    }

    private void numeric(String column, NumericOperator operator) {
        String comparison = switch (operator.getType()) {
            case LESS_THAN -> " < ?";
            case GREATER_THAN -> " > ?";
            case EQUALS -> " = ?";
        };
        where.append('(').append(column).append(comparison).append(')');
        long value = operator.getValue();
        parameters.add((statement, index) -> statement.setLong(index, value));
    }

    /** As James: both instants truncated to the resolution, in UTC, then compared. */
    private void date(String column, DateOperator operator) {
        String unit = switch (operator.getDateResultion()) {
            case Second -> "second";
            case Minute -> "minute";
            case Hour -> "hour";
            case Day -> "day";
            case Month -> "month";
            case Year -> "year";
        };
        LocalDateTime asked = truncated(operator.getDate(), operator.getDateResultion());
        where.append("COALESCE(date_trunc('").append(unit).append("', ").append(column)
            .append(" AT TIME ZONE 'UTC')").append(comparison(operator)).append(", FALSE)");
        parameters.add((statement, index) -> statement.setObject(index, asked));
    }

    static LocalDateTime truncated(Date date, DateResolution resolution) {
        LocalDateTime utc = LocalDateTime.ofInstant(date.toInstant(), ZoneOffset.UTC);
        return switch (resolution) {
            case Second -> utc.truncatedTo(ChronoUnit.SECONDS);
            case Minute -> utc.truncatedTo(ChronoUnit.MINUTES);
            case Hour -> utc.truncatedTo(ChronoUnit.HOURS);
            case Day -> utc.truncatedTo(ChronoUnit.DAYS);
            case Month -> utc.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
            case Year -> utc.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
        };
    }

    private static String comparison(DateOperator operator) {
        return switch (operator.getType()) {
            case BEFORE -> " < ?";
            case AFTER -> " > ?";
            case ON -> " = ?";
        };
    }

    private void header(HeaderCriterion criterion) throws UnsupportedSearchException {
        String name = TextFolding.fold(criterion.getHeaderName().trim());
        SearchQuery.HeaderOperator operator = criterion.getOperator();
        if (operator instanceof DateOperator date) {
            if (!DATE_HEADER.equals(name)) {
                throw new UnsupportedSearchException();
            }
            sentDate(date);
        } else if (operator instanceof ExistsOperator) {
            headerLine(name, "");
        } else if (operator instanceof ContainsOperator contains) {
            headerLine(name, TextFolding.fold(contains.getValue()));
        } else if (operator instanceof AddressOperator address) {
            headerLine(name, TextFolding.fold(address.getAddress()));
        } else {
            throw new UnsupportedSearchException();
        }
    }

    /** A line of the header named {@code name} whose (folded) value contains {@code folded}. */
    private void headerLine(String name, String folded) {
        String pattern = "\n" + regexLiteral(name) + ": " + (folded.isEmpty() ? "" : "[^\n]*" + regexLiteral(folded));
        where.append("(").append(searchColumn("s.headers")).append(" ~ ?)");
        parameters.add((statement, index) -> statement.setString(index, pattern));
    }

    private void sentDate(DateOperator operator) {
        if (operator.getDateResultion() == DateResolution.Day) {
            // The day the IMAP client asked for arrives as midnight UTC.
            LocalDate asked = LocalDateTime.ofInstant(operator.getDate().toInstant(), ZoneOffset.UTC).toLocalDate();
            where.append("COALESCE(").append(searchColumn("s.sent_day")).append(comparison(operator))
                .append(", FALSE)");
            parameters.add((statement, index) -> statement.setObject(index, asked));
        } else {
            date(searchColumn("s.sent_at"), operator);
        }
    }

    private void text(SearchQuery.TextCriterion criterion) throws UnsupportedSearchException {
        String folded = TextFolding.fold(criterion.getOperator().getValue());
        String like = "%" + likeLiteral(folded) + "%";
        switch (criterion.getType()) {
            case BODY -> {
                where.append("(").append(searchColumn("s.body")).append(" LIKE ?)");
                parameters.add((statement, index) -> statement.setString(index, like));
            }
            case FULL -> {
                where.append("(s.headers LIKE ? OR s.body LIKE ?)");
                readsSearchTable = true;
                parameters.add((statement, index) -> statement.setString(index, like));
                parameters.add((statement, index) -> statement.setString(index, like));
            }
            case ATTACHMENT_FILE_NAME -> {
                String name = criterion.getOperator().getValue();
                where.append("(").append(searchColumn("s.attachment_names")).append(" @> ARRAY[?]::text[])");
                parameters.add((statement, index) -> statement.setString(index, name));
            }
            default -> throw new UnsupportedSearchException();
        }
    }

    static String likeLiteral(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** PostgreSQL regular expressions read a backslash before a non-alphanumeric character as that character. */
    static String regexLiteral(String text) {
        StringBuilder literal = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(codePoint -> {
            if (!Character.isLetterOrDigit(codePoint) && codePoint != ' ') {
                literal.append('\\');
            }
            literal.appendCodePoint(codePoint);
        });
        return literal.toString();
    }

    private static UUID uuid(String serialized) throws UnsupportedSearchException {
        try {
            return UUID.fromString(serialized.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UnsupportedSearchException();
        }
    }
}
