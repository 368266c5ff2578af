package fr.caducee.server.storage.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.inject.Inject;
import javax.sql.DataSource;

import org.apache.james.mailbox.MailboxManager.MessageCapabilities;
import org.apache.james.mailbox.MailboxManager.SearchCapabilities;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.store.search.MessageSearchIndex;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * IMAP SEARCH and SORT (and James's multi-mailbox search) answered by PostgreSQL in one statement: the mailbox's
 * rows in {@code caducee_mailbox_message} (flags, UID, size, dates, mod-sequence), joined when the query needs it
 * with what {@link PostgresMessageIndexing} wrote of each message. Nothing is kept outside the database: a search
 * is as current and as durable as the mailbox itself, crashes included.
 *
 * <p>Mailbox ids serialize to the {@code mailbox_id} number and message ids to the {@code message_id} UUID, as the
 * mailbox store writes them.
 */
public class PostgresMessageSearchIndex implements MessageSearchIndex {
    private final DataSource dataSource;
    private final MessageId.Factory messageIds;

    @Inject
    public PostgresMessageSearchIndex(DataSource dataSource, MessageId.Factory messageIds) {
        this.dataSource = dataSource;
        this.messageIds = messageIds;
    }

    @Override
    public Flux<MessageUid> search(MailboxSession session, Mailbox mailbox, SearchQuery query) throws MailboxException {
        requireSession(session);
        SearchSql sql = SearchSql.of(query);
        String orderBy = sql.orderBy(query.getSorts());
        String statement = "SELECT m.uid FROM caducee_mailbox_message m" + join(sql)
            + " WHERE m.mailbox_id = ? AND " + sql.where() + " ORDER BY " + orderBy;
        long mailboxId = mailboxId(mailbox.getMailboxId());
        return Mono.fromCallable(() -> uids(statement, mailboxId, sql)).flatMapIterable(uids -> uids)
            .subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Flux<MessageId> search(MailboxSession session, Collection<MailboxId> mailboxIds, SearchQuery query,
                                  long limit) throws MailboxException {
        requireSession(session);
        if (mailboxIds.isEmpty() || limit <= 0) {
            return Flux.empty();
        }
        SearchSql sql = SearchSql.of(query);
        String orderBy = sql.orderBy(query.getSorts());
        String statement = "SELECT m.message_id FROM caducee_mailbox_message m" + join(sql)
            + " WHERE m.mailbox_id = ANY(?) AND " + sql.where() + " ORDER BY " + orderBy + ", m.mailbox_id";
        Long[] ids = new Long[mailboxIds.size()];
        int i = 0;
        for (MailboxId id : mailboxIds) {
            ids[i++] = mailboxId(id);
        }
        return Mono.fromCallable(() -> messageIds(statement, ids, sql, limit)).flatMapIterable(found -> found)
            .subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * The given messages of a mailbox in the order of {@code keys} (IMAP SORT, once SEARCH has chosen them), UID as
     * the last key. Messages expunged meanwhile are left out.
     */
    public List<MessageUid> sort(MailboxId mailbox, Collection<MessageUid> uids, List<SortKey.Order> keys)
            throws MailboxException {
        if (uids.isEmpty()) {
            return List.of();
        }
        SearchSql sql = SearchSql.of(SearchQuery.matchAll());
        String orderBy = sql.orderByKeys(keys);
        String statement = "SELECT m.uid FROM caducee_mailbox_message m" + join(sql)
            + " WHERE m.mailbox_id = ? AND m.uid = ANY(?) ORDER BY " + orderBy;
        long mailboxId = mailboxId(mailbox);
        Long[] wanted = uids.stream().map(MessageUid::asLong).toArray(Long[]::new);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(statement)) {
            select.setLong(1, mailboxId);
            select.setArray(2, connection.createArrayOf("bigint", wanted));
            List<MessageUid> sorted = new ArrayList<>(wanted.length);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sorted.add(MessageUid.of(rows.getLong(1)));
                }
            }
            return sorted;
        } catch (SQLException e) {
            throw new MailboxException("Sort failed in mailbox " + mailboxId, e);
        }
    }

    /** What THREAD reads of the given messages of a mailbox (RFC 5256); messages expunged meanwhile are left out. */
    public List<ThreadMessage> threadMessages(MailboxId mailbox, Collection<MessageUid> uids) throws MailboxException {
        if (uids.isEmpty()) {
            return List.of();
        }
        long mailboxId = mailboxId(mailbox);
        Long[] wanted = uids.stream().map(MessageUid::asLong).toArray(Long[]::new);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT m.uid, s.message_id_header, "
                 + "s.thread_references, s.sort_subject, s.subject_reply, COALESCE(s.sent_at, m.internal_date) "
                 + "FROM caducee_mailbox_message m JOIN caducee_message_search s ON s.message_id = m.message_id "
                 + "WHERE m.mailbox_id = ? AND m.uid = ANY(?)")) {
            select.setLong(1, mailboxId);
            select.setArray(2, connection.createArrayOf("bigint", wanted));
            List<ThreadMessage> messages = new ArrayList<>(wanted.length);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    messages.add(new ThreadMessage(MessageUid.of(rows.getLong(1)), rows.getString(2),
                        List.of((String[]) rows.getArray(3).getArray()), rows.getString(4), rows.getBoolean(5),
                        rows.getObject(6, OffsetDateTime.class).toInstant()));
                }
            }
            return messages;
        } catch (SQLException e) {
            throw new MailboxException("Thread failed in mailbox " + mailboxId, e);
        }
    }

    @Override
    public EnumSet<SearchCapabilities> getSupportedCapabilities(EnumSet<MessageCapabilities> messageCapabilities) {
        return EnumSet.of(SearchCapabilities.MultimailboxSearch, SearchCapabilities.Text,
            SearchCapabilities.PartialEmailMatch, SearchCapabilities.AttachmentFileName);
    }

    private static void requireSession(MailboxSession session) {
        if (session == null) {
            throw new IllegalArgumentException("a search needs the session of the user asking");
        }
    }

    private static String join(SearchSql sql) {
        return sql.readsSearchTable() ? " JOIN caducee_message_search s ON s.message_id = m.message_id" : "";
    }

    private List<MessageUid> uids(String statement, long mailboxId, SearchSql sql) throws MailboxException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(statement)) {
            select.setLong(1, mailboxId);
            bind(select, 2, sql);
            List<MessageUid> uids = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    uids.add(MessageUid.of(rows.getLong(1)));
                }
            }
            return uids;
        } catch (SQLException e) {
            throw new MailboxException("Search failed in mailbox " + mailboxId, e);
        }
    }

    private List<MessageId> messageIds(String statement, Long[] mailboxIds, SearchSql sql, long limit)
            throws MailboxException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(statement)) {
            select.setArray(1, connection.createArrayOf("bigint", mailboxIds));
            bind(select, 2, sql);
            // A message held by several of the mailboxes is given once, where it first sorts.
            Set<UUID> found = new LinkedHashSet<>();
            try (ResultSet rows = select.executeQuery()) {
                while (found.size() < limit && rows.next()) {
                    found.add(rows.getObject(1, UUID.class));
                }
            }
            return found.stream().map(id -> messageIds.fromString(id.toString())).toList();
        } catch (SQLException e) {
            throw new MailboxException("Search failed in " + mailboxIds.length + " mailboxes", e);
        }
    }

    private static void bind(PreparedStatement statement, int first, SearchSql sql) throws SQLException {
        int index = first;
        for (SearchSql.Parameter parameter : sql.parameters()) {
            parameter.bind(statement, index++);
        }
    }

    private static long mailboxId(MailboxId id) throws MailboxException {
        try {
            return Long.parseLong(id.serialize());
        } catch (NumberFormatException e) {
            throw new MailboxException("Not a mailbox of the PostgreSQL store: " + id.serialize());
        }
    }
}
