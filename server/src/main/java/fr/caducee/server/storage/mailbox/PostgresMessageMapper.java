package fr.caducee.server.storage.mailbox;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import java.util.UUID;

import javax.mail.Flags;

import org.apache.james.mailbox.ApplicableFlagBuilder;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxCounters;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.store.FlagsUpdateCalculator;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;

import fr.caducee.server.storage.search.MessageIndexing;
import reactor.core.publisher.Flux;

/**
 * Messages of a mailbox, written for concurrent IMAP sessions on one mailbox.
 *
 * <p>Every change starts by updating the mailbox's row ({@code caducee_mailbox}): that statement allocates the UID
 * and mod-sequence the change needs and takes the row's lock, so that changes to one mailbox are ordered by the
 * database, in their own transaction, with no lock in the JVM and no optimistic retry. What a change reads after it
 * (flags to update, messages to expunge) is therefore current, and the counters of the mailbox row
 * ({@code message_count}, {@code unseen_count}) and the quota usage ({@code caducee_quota_usage}) change in the same
 * transaction as the messages: they cannot drift. A message's bytes ({@code caducee_message}) are shared by the
 * mailboxes holding it and deleted by the transaction that removes the last of them.
 */
public final class PostgresMessageMapper implements MessageMapper {
    private static final String LOCK_AND_NEXT_MODSEQ = "UPDATE caducee_mailbox SET highest_modseq = highest_modseq + 1 "
        + "WHERE mailbox_id = ? RETURNING highest_modseq, namespace || '&' || owner";
    private static final String INSERT_MESSAGE = "INSERT INTO caducee_message (message_id, internal_date, size, "
        + "body_start_octet, media_type, sub_type, text_line_count, properties, header, body) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)";
    /** Allocates UID and mod-sequence on the mailbox row (its lock), counts the message, stores it, counts quota. */
    private static final String APPEND = """
        WITH box AS (UPDATE caducee_mailbox SET last_uid = last_uid + 1, highest_modseq = highest_modseq + 1,
                         message_count = message_count + 1, unseen_count = unseen_count + ?,
                         keywords = ARRAY(SELECT DISTINCT k FROM unnest(keywords || ?::text[]) k ORDER BY k)
                     WHERE mailbox_id = ? RETURNING mailbox_id, last_uid, highest_modseq, namespace || '&' || owner AS root),
        added AS (INSERT INTO caducee_mailbox_message (mailbox_id, uid, message_id, modseq, size, body_start_octet,
                         internal_date, save_date, thread_id, answered, deleted, draft, flagged, recent, seen, user_flags)
                  SELECT mailbox_id, last_uid, ?, highest_modseq, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM box
                  RETURNING uid, modseq, save_date),
        quota AS (INSERT INTO caducee_quota_usage (quota_root, message_count, size_bytes) SELECT root, 1, ? FROM box
                  ON CONFLICT (quota_root) DO UPDATE SET message_count = caducee_quota_usage.message_count + 1,
                         size_bytes = caducee_quota_usage.size_bytes + EXCLUDED.size_bytes)
        SELECT uid, modseq, save_date FROM added""";
    private static final String EXPUNGE = """
        WITH d AS (DELETE FROM caducee_mailbox_message WHERE mailbox_id = ? AND uid = ANY(?)
                   RETURNING uid, message_id, modseq, size, body_start_octet, internal_date, save_date, thread_id,
                             answered, deleted, draft, flagged, recent, seen, user_flags),
        box AS (UPDATE caducee_mailbox SET message_count = message_count - (SELECT count(*) FROM d),
                       unseen_count = unseen_count - (SELECT count(*) FROM d WHERE NOT seen)
                WHERE mailbox_id = ?),
        quota AS (UPDATE caducee_quota_usage SET message_count = message_count - (SELECT count(*) FROM d),
                         size_bytes = size_bytes - (SELECT coalesce(sum(size), 0) FROM d)
                  WHERE quota_root = ?),
        shares AS (UPDATE caducee_message m SET mailbox_count = m.mailbox_count - g.n
                   FROM (SELECT message_id, count(*) AS n FROM d GROUP BY message_id) g
                   WHERE m.message_id = g.message_id RETURNING m.message_id, m.mailbox_count)
        SELECT d.uid AS uid, d.message_id AS message_id, d.modseq, d.size, d.body_start_octet, d.internal_date,
               d.save_date, d.thread_id,
               d.answered, d.deleted, d.draft, d.flagged, d.recent, d.seen, d.user_flags,
               shares.mailbox_count = 0 AS orphan
        FROM d LEFT JOIN shares ON shares.message_id = d.message_id ORDER BY d.uid""";
    /** New flags of the rows that change, with the unseen counter's change, in one statement. */
    private static final String SET_FLAGS = """
        WITH v AS (SELECT * FROM unnest(?::bigint[], ?::boolean[], ?::boolean[], ?::boolean[], ?::boolean[],
                                        ?::boolean[], ?::boolean[], ?::text[])
                   AS v(uid, answered, deleted, draft, flagged, recent, seen, keywords)),
        changed AS (UPDATE caducee_mailbox_message t SET answered = v.answered, deleted = v.deleted, draft = v.draft,
                           flagged = v.flagged, recent = v.recent, seen = v.seen,
                           user_flags = string_to_array(v.keywords, ' '), modseq = ?
                    FROM v WHERE t.mailbox_id = ? AND t.uid = v.uid RETURNING t.uid)
        UPDATE caducee_mailbox SET unseen_count = unseen_count + ?,
               keywords = ARRAY(SELECT DISTINCT k FROM unnest(keywords || ?::text[]) k ORDER BY k)
        WHERE mailbox_id = ?""";

    private final MailboxDatabase database;
    private final MessageIndexing indexing;
    private final Clock clock;

    public PostgresMessageMapper(MailboxDatabase database, MessageIndexing indexing, Clock clock) {
        this.database = database;
        this.indexing = indexing;
        this.clock = clock;
    }

    @Override
    public Iterator<MailboxMessage> findInMailbox(Mailbox mailbox, MessageRange set, FetchType type, int limit)
            throws MailboxException {
        return database.read("read messages " + set + " of mailbox " + mailbox.getMailboxId(), connection -> {
            List<MailboxMessage> messages = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(MessageRows.select(type)
                    + " WHERE mm.mailbox_id = ?" + uidCondition(set) + " ORDER BY mm.uid"
                    + (limit > 0 ? " LIMIT " + limit : ""))) {
                select.setLong(1, id(mailbox));
                bindRange(select, 2, set);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        messages.add(MessageRows.message(rows, mailbox.getMailboxId(), type, database));
                    }
                }
            }
            return messages.iterator();
        });
    }

    @Override
    public List<MessageUid> retrieveMessagesMarkedForDeletion(Mailbox mailbox, MessageRange set) throws MailboxException {
        return uids(mailbox, "deleted" + uidCondition(set), set);
    }

    @Override
    public long countMessagesInMailbox(Mailbox mailbox) throws MailboxException {
        return getMailboxCounters(mailbox).getCount();
    }

    @Override
    public MailboxCounters getMailboxCounters(Mailbox mailbox) throws MailboxException {
        return database.read("count messages of mailbox " + mailbox.getMailboxId(), connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT message_count, unseen_count FROM caducee_mailbox WHERE mailbox_id = ?")) {
                select.setLong(1, id(mailbox));
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new MailboxNotFoundException(mailbox.getMailboxId());
                    }
                    return MailboxCounters.builder()
                        .mailboxId(mailbox.getMailboxId())
                        .count(row.getLong(1))
                        .unseen(row.getLong(2))
                        .build();
                }
            }
        });
    }

    @Override
    public void delete(Mailbox mailbox, MailboxMessage message) throws MailboxException {
        deleteMessages(mailbox, List.of(message.getUid()));
    }

    /** EXPUNGE: the rows deleted, as {@code DELETE ... RETURNING} saw them; a row another session removed first is not. */
    @Override
    public Map<MessageUid, MessageMetaData> deleteMessages(Mailbox mailbox, List<MessageUid> uids) throws MailboxException {
        if (uids.isEmpty()) {
            return Map.of();
        }
        return database.transaction("expunge messages of mailbox " + mailbox.getMailboxId(), connection -> {
            String quotaRoot = lock(connection, mailbox).quotaRoot();
            Map<MessageUid, MessageMetaData> deleted = new LinkedHashMap<>();
            List<UUID> orphans = new ArrayList<>();
            try (PreparedStatement expunge = connection.prepareStatement(EXPUNGE)) {
                expunge.setLong(1, id(mailbox));
                expunge.setArray(2, connection.createArrayOf("bigint",
                    uids.stream().map(MessageUid::asLong).toArray()));
                expunge.setLong(3, id(mailbox));
                expunge.setString(4, quotaRoot);
                try (ResultSet rows = expunge.executeQuery()) {
                    while (rows.next()) {
                        MailboxMessage message = MessageRows.message(rows, mailbox.getMailboxId(), FetchType.METADATA,
                            database);
                        deleted.put(message.getUid(), message.metaData());
                        if (rows.getBoolean("orphan")) {
                            orphans.add(rows.getObject("message_id", UUID.class));
                        }
                    }
                }
            }
            MessageRows.deleteOrphans(connection, orphans);
            return deleted;
        });
    }

    @Override
    public MessageUid findFirstUnseenMessageUid(Mailbox mailbox) throws MailboxException {
        List<MessageUid> first = uids(mailbox, "NOT seen ORDER BY uid LIMIT 1", MessageRange.all());
        return first.isEmpty() ? null : first.get(0);
    }

    @Override
    public List<MessageUid> findRecentMessageUidsInMailbox(Mailbox mailbox) throws MailboxException {
        return uids(mailbox, "recent", MessageRange.all());
    }

    /** APPEND and delivery: the message's bytes, its index entry, then its place in the mailbox, in one transaction. */
    @Override
    public MessageMetaData add(Mailbox mailbox, MailboxMessage message) throws MailboxException {
        byte[] header;
        byte[] body;
        try (InputStream headerContent = message.getHeaderContent(); InputStream bodyContent = message.getBodyContent()) {
            header = headerContent.readAllBytes();
            body = bodyContent.readAllBytes();
        } catch (IOException e) {
            throw new MailboxException("Could not read the message to store in mailbox " + mailbox.getMailboxId(), e);
        }
        UUID messageId = ((StoredMessageId) message.getMessageId()).value();
        return database.transaction("store a message in mailbox " + mailbox.getMailboxId(), connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_MESSAGE)) {
                insert.setObject(1, messageId);
                insert.setTimestamp(2, MessageRows.timestamp(message.getInternalDate()));
                insert.setLong(3, message.getFullContentOctets());
                insert.setInt(4, header.length);
                insert.setString(5, message.getMediaType());
                insert.setString(6, message.getSubType());
                insert.setObject(7, message.getTextualLineCount());
                insert.setString(8, MessageRows.json(message));
                insert.setBytes(9, header);
                insert.setBytes(10, body);
                insert.executeUpdate();
            }
            indexing.index(connection, messageId, message);
            Flags flags = message.createFlags();
            try (PreparedStatement append = connection.prepareStatement(APPEND)) {
                append.setInt(1, flags.contains(Flags.Flag.SEEN) ? 0 : 1);
                append.setArray(2, connection.createArrayOf("text", MessageRows.keywords(flags)));
                append.setLong(3, id(mailbox));
                append.setObject(4, messageId);
                append.setLong(5, message.getFullContentOctets());
                append.setInt(6, header.length);
                append.setTimestamp(7, MessageRows.timestamp(message.getInternalDate()));
                append.setTimestamp(8, MessageRows.timestamp(message.getSaveDate().orElseGet(() -> Date.from(clock.instant()))));
                append.setObject(9, threadOf(message));
                bindFlags(append, 10, flags, connection);
                append.setLong(17, message.getFullContentOctets());
                try (ResultSet row = append.executeQuery()) {
                    if (!row.next()) {
                        throw new MailboxNotFoundException(mailbox.getMailboxId());
                    }
                    message.setUid(MessageUid.of(row.getLong("uid")));
                    message.setModSeq(ModSeq.of(row.getLong("modseq")));
                    message.setSaveDate(new Date(row.getTimestamp("save_date").getTime()));
                }
            }
            return message.metaData();
        });
    }

    /**
     * STORE: the mailbox row's lock and one mod-sequence for the whole set, then the current flags read, the new ones
     * computed by James's calculator, and the rows that change updated with the unseen counter in one statement.
     */
    @Override
    public Iterator<UpdatedFlags> updateFlags(Mailbox mailbox, FlagsUpdateCalculator calculator, MessageRange set)
            throws MailboxException {
        return database.transaction("update flags of " + set + " in mailbox " + mailbox.getMailboxId(), connection -> {
            ModSeq modSeq = lock(connection, mailbox).modSeq();
            List<UpdatedFlags> updates = new ArrayList<>();
            List<Long> uids = new ArrayList<>();
            List<Flags> changedFlags = new ArrayList<>();
            long unseenChange = 0;
            try (PreparedStatement select = connection.prepareStatement("SELECT " + MessageRows.MEMBER
                    + " FROM caducee_mailbox_message mm WHERE mm.mailbox_id = ?" + uidCondition(set) + " ORDER BY mm.uid")) {
                select.setLong(1, id(mailbox));
                bindRange(select, 2, set);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Flags old = MessageRows.flags(rows);
                        Flags updated = calculator.buildNewFlags(old);
                        boolean changed = UpdatedFlags.flagsChanged(old, updated);
                        if (changed) {
                            uids.add(rows.getLong("uid"));
                            changedFlags.add(updated);
                            unseenChange += seenChange(old, updated);
                        }
                        updates.add(UpdatedFlags.builder()
                            .uid(MessageUid.of(rows.getLong("uid")))
                            .messageId(new StoredMessageId(rows.getObject("message_id", UUID.class)))
                            .modSeq(changed ? modSeq : ModSeq.of(rows.getLong("modseq")))
                            .oldFlags(old)
                            .newFlags(updated)
                            .build());
                    }
                }
            }
            if (!uids.isEmpty()) {
                writeFlags(connection, mailbox, modSeq, uids, changedFlags, unseenChange);
            }
            return updates.iterator();
        });
    }

    /** The end of a session's first look at a mailbox: \Recent taken off every message having it, one statement. */
    @Override
    public List<UpdatedFlags> resetRecent(Mailbox mailbox) throws MailboxException {
        return database.transaction("reset \\Recent in mailbox " + mailbox.getMailboxId(), connection -> {
            ModSeq modSeq = lock(connection, mailbox).modSeq();
            List<UpdatedFlags> updates = new ArrayList<>();
            try (PreparedStatement reset = connection.prepareStatement("UPDATE caducee_mailbox_message mm "
                    + "SET recent = FALSE, modseq = ? WHERE mailbox_id = ? AND recent RETURNING " + MessageRows.MEMBER)) {
                reset.setLong(1, modSeq.asLong());
                reset.setLong(2, id(mailbox));
                try (ResultSet rows = reset.executeQuery()) {
                    while (rows.next()) {
                        Flags updated = MessageRows.flags(rows);
                        Flags old = new Flags(updated);
                        old.add(Flags.Flag.RECENT);
                        updates.add(UpdatedFlags.builder()
                            .uid(MessageUid.of(rows.getLong("uid")))
                            .messageId(new StoredMessageId(rows.getObject("message_id", UUID.class)))
                            .modSeq(modSeq)
                            .oldFlags(old)
                            .newFlags(updated)
                            .build());
                    }
                }
            }
            updates.sort((a, b) -> a.getUid().compareTo(b.getUid()));
            return updates;
        });
    }

    @Override
    public MessageMetaData copy(Mailbox mailbox, MailboxMessage original) throws MailboxException {
        return copy(mailbox, List.of(original)).get(0);
    }

    /**
     * COPY: the bytes are shared. The target's row is locked first (the order every change follows: mailbox, then
     * messages), then each message's count of holders grows under its row's lock: a message another session's
     * expunge removed meanwhile is found gone there and not copied, instead of failing or deadlocking. The copies get
     * their UIDs in one allocation.
     */
    @Override
    public List<MessageMetaData> copy(Mailbox mailbox, List<MailboxMessage> originals) throws MailboxException {
        if (originals.isEmpty()) {
            return List.of();
        }
        return database.transaction("copy messages into mailbox " + mailbox.getMailboxId(), connection -> {
            lock(connection, mailbox);
            Set<UUID> present = new HashSet<>();
            try (PreparedStatement share = connection.prepareStatement("""
                    UPDATE caducee_message m SET mailbox_count = m.mailbox_count + g.n
                    FROM (SELECT id, count(*) AS n FROM unnest(?::uuid[]) AS id GROUP BY id) g
                    WHERE m.message_id = g.id RETURNING m.message_id""")) {
                share.setArray(1, connection.createArrayOf("uuid",
                    originals.stream().map(original -> ((StoredMessageId) original.getMessageId()).value()).toArray()));
                try (ResultSet rows = share.executeQuery()) {
                    while (rows.next()) {
                        present.add(rows.getObject(1, UUID.class));
                    }
                }
            }
            List<MailboxMessage> copied = originals.stream()
                .filter(original -> present.contains(((StoredMessageId) original.getMessageId()).value()))
                .toList();
            if (copied.isEmpty()) {
                return List.<MessageMetaData>of();
            }
            return insertMembers(connection, mailbox, copied, allocate(connection, mailbox, copied, true));
        });
    }

    @Override
    public MessageMetaData move(Mailbox mailbox, MailboxMessage original) throws MailboxException {
        return move(mailbox, List.of(original)).get(0);
    }

    /**
     * MOVE: both mailbox rows locked in the order of their ids (two opposite moves wait, never deadlock); a message
     * another session expunged meanwhile is not moved.
     */
    @Override
    public List<MessageMetaData> move(Mailbox mailbox, List<MailboxMessage> originals) throws MailboxException {
        if (originals.isEmpty()) {
            return List.of();
        }
        BoxId source = (BoxId) originals.get(0).getMailboxId();
        return database.transaction("move messages into mailbox " + mailbox.getMailboxId(), connection -> {
            String sourceRoot = null;
            try (PreparedStatement lock = connection.prepareStatement("SELECT mailbox_id, namespace || '&' || owner "
                    + "FROM caducee_mailbox WHERE mailbox_id IN (?, ?) ORDER BY mailbox_id FOR UPDATE")) {
                lock.setLong(1, source.value());
                lock.setLong(2, id(mailbox));
                try (ResultSet rows = lock.executeQuery()) {
                    while (rows.next()) {
                        if (rows.getLong(1) == source.value()) {
                            sourceRoot = rows.getString(2);
                        }
                    }
                }
            }
            List<MailboxMessage> moved = new ArrayList<>();
            try (PreparedStatement remove = connection.prepareStatement("""
                    WITH d AS (DELETE FROM caducee_mailbox_message WHERE mailbox_id = ? AND uid = ANY(?)
                               RETURNING uid, seen)
                    UPDATE caducee_mailbox SET message_count = message_count - (SELECT count(*) FROM d),
                           unseen_count = unseen_count - (SELECT count(*) FROM d WHERE NOT seen),
                           highest_modseq = highest_modseq + 1
                    WHERE mailbox_id = ? RETURNING (SELECT array_agg(uid) FROM d)""")) {
                remove.setLong(1, source.value());
                remove.setArray(2, connection.createArrayOf("bigint",
                    originals.stream().map(message -> message.getUid().asLong()).toArray()));
                remove.setLong(3, source.value());
                try (ResultSet row = remove.executeQuery()) {
                    row.next();
                    java.sql.Array removed = row.getArray(1);
                    List<Long> removedUids = removed == null ? List.of() : List.of((Long[]) removed.getArray());
                    for (MailboxMessage original : originals) {
                        if (removedUids.contains(original.getUid().asLong())) {
                            moved.add(original);
                        }
                    }
                }
            }
            if (moved.isEmpty()) {
                return List.<MessageMetaData>of();
            }
            String targetRoot = MailboxRows.quotaRoot(mailbox);
            boolean otherRoot = !targetRoot.equals(sourceRoot);
            List<MessageMetaData> result = insertMembers(connection, mailbox, moved,
                allocate(connection, mailbox, moved, otherRoot));
            if (otherRoot) {
                removeQuota(connection, sourceRoot, moved);
            }
            return result;
        });
    }

    @Override
    public Optional<MessageUid> getLastUid(Mailbox mailbox) throws MailboxException {
        long last = mailboxColumn(mailbox, "last_uid");
        return last == 0 ? Optional.empty() : Optional.of(MessageUid.of(last));
    }

    @Override
    public ModSeq getHighestModSeq(Mailbox mailbox) throws MailboxException {
        return ModSeq.of(mailboxColumn(mailbox, "highest_modseq"));
    }

    /**
     * The system flags and every keyword set in the mailbox so far, kept on its row: one row read whatever the size
     * of the mailbox, and a keyword once announced stays announced.
     */
    @Override
    public Flags getApplicableFlag(Mailbox mailbox) throws MailboxException {
        return database.read("list the keywords of mailbox " + mailbox.getMailboxId(), connection -> {
            ApplicableFlagBuilder flags = ApplicableFlagBuilder.builder();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT keywords FROM caducee_mailbox WHERE mailbox_id = ?")) {
                select.setLong(1, id(mailbox));
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new MailboxNotFoundException(mailbox.getMailboxId());
                    }
                    flags.add((String[]) row.getArray(1).getArray());
                }
            }
            return flags.build();
        });
    }

    @Override
    public Flux<MessageUid> listAllMessageUids(Mailbox mailbox) {
        return database.readLater("list the UIDs of mailbox " + mailbox.getMailboxId(),
                connection -> uids(connection, mailbox, "TRUE", MessageRange.all()))
            .flatMapIterable(uids -> uids);
    }

    private record Lock(ModSeq modSeq, String quotaRoot) {
    }

    private Lock lock(Connection connection, Mailbox mailbox) throws SQLException, MailboxException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK_AND_NEXT_MODSEQ)) {
            lock.setLong(1, id(mailbox));
            try (ResultSet row = lock.executeQuery()) {
                if (!row.next()) {
                    throw new MailboxNotFoundException(mailbox.getMailboxId());
                }
                return new Lock(ModSeq.of(row.getLong(1)), row.getString(2));
            }
        }
    }

    private record Allocation(long firstUid, ModSeq modSeq, String quotaRoot) {
    }

    /**
     * UIDs for these messages and one mod-sequence, counted on the mailbox row (its lock) in one statement, with the
     * quota usage of the mailbox's root when {@code countQuota}.
     */
    private Allocation allocate(Connection connection, Mailbox mailbox, List<MailboxMessage> messages, boolean countQuota)
            throws SQLException, MailboxException {
        long unseen = messages.stream().filter(message -> !message.isSeen()).count();
        try (PreparedStatement allocate = connection.prepareStatement("""
                WITH box AS (UPDATE caducee_mailbox SET last_uid = last_uid + ?, highest_modseq = highest_modseq + 1,
                                    message_count = message_count + ?, unseen_count = unseen_count + ?,
                                    keywords = ARRAY(SELECT DISTINCT k FROM unnest(keywords || ?::text[]) k ORDER BY k)
                             WHERE mailbox_id = ? RETURNING last_uid, highest_modseq, namespace || '&' || owner AS root),
                quota AS (INSERT INTO caducee_quota_usage (quota_root, message_count, size_bytes)
                          SELECT root, ?, ? FROM box WHERE ?
                          ON CONFLICT (quota_root) DO UPDATE SET
                              message_count = caducee_quota_usage.message_count + EXCLUDED.message_count,
                              size_bytes = caducee_quota_usage.size_bytes + EXCLUDED.size_bytes)
                SELECT last_uid, highest_modseq, root FROM box""")) {
            allocate.setLong(1, messages.size());
            allocate.setLong(2, messages.size());
            allocate.setLong(3, unseen);
            allocate.setArray(4, connection.createArrayOf("text", messages.stream()
                .flatMap(message -> java.util.Arrays.stream(message.createFlags().getUserFlags())).distinct().toArray()));
            allocate.setLong(5, id(mailbox));
            allocate.setLong(6, messages.size());
            allocate.setLong(7, messages.stream().mapToLong(MailboxMessage::getFullContentOctets).sum());
            allocate.setBoolean(8, countQuota);
            try (ResultSet row = allocate.executeQuery()) {
                if (!row.next()) {
                    throw new MailboxNotFoundException(mailbox.getMailboxId());
                }
                return new Allocation(row.getLong(1) - messages.size() + 1, ModSeq.of(row.getLong(2)), row.getString(3));
            }
        }
    }

    /** The copies' rows, \Recent set (RFC 3501: a copy is new to the mailbox), in one batch. */
    private List<MessageMetaData> insertMembers(Connection connection, Mailbox mailbox, List<MailboxMessage> originals,
                                                Allocation allocation) throws SQLException {
        List<MessageMetaData> copies = new ArrayList<>();
        Timestamp now = Timestamp.from(clock.instant());
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO caducee_mailbox_message (mailbox_id, "
                + "uid, message_id, modseq, size, body_start_octet, internal_date, save_date, thread_id, answered, deleted, "
                + "draft, flagged, recent, seen, user_flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            long uid = allocation.firstUid();
            for (MailboxMessage original : originals) {
                Flags flags = original.createFlags();
                flags.add(Flags.Flag.RECENT);
                insert.setLong(1, id(mailbox));
                insert.setLong(2, uid);
                insert.setObject(3, ((StoredMessageId) original.getMessageId()).value());
                insert.setLong(4, allocation.modSeq().asLong());
                insert.setLong(5, original.getFullContentOctets());
                insert.setInt(6, (int) original.getHeaderOctets());
                insert.setTimestamp(7, MessageRows.timestamp(original.getInternalDate()));
                insert.setTimestamp(8, now);
                insert.setObject(9, threadOf(original));
                bindFlags(insert, 10, flags, connection);
                insert.addBatch();
                copies.add(new MessageMetaData(MessageUid.of(uid), allocation.modSeq(), flags,
                    original.getFullContentOctets(), original.getInternalDate(), Optional.of(new Date(now.getTime())),
                    original.getMessageId(), original.getThreadId()));
                uid++;
            }
            insert.executeBatch();
        }
        return copies;
    }

    private void removeQuota(Connection connection, String quotaRoot, List<MailboxMessage> messages) throws SQLException {
        try (PreparedStatement quota = connection.prepareStatement("UPDATE caducee_quota_usage SET "
                + "message_count = message_count - ?, size_bytes = size_bytes - ? WHERE quota_root = ?")) {
            quota.setLong(1, messages.size());
            quota.setLong(2, messages.stream().mapToLong(MailboxMessage::getFullContentOctets).sum());
            quota.setString(3, quotaRoot);
            quota.executeUpdate();
        }
    }

    private void writeFlags(Connection connection, Mailbox mailbox, ModSeq modSeq, List<Long> uids, List<Flags> flags,
                            long unseenChange) throws SQLException {
        Flags.Flag[] columns = {Flags.Flag.ANSWERED, Flags.Flag.DELETED, Flags.Flag.DRAFT, Flags.Flag.FLAGGED,
            Flags.Flag.RECENT, Flags.Flag.SEEN};
        try (PreparedStatement update = connection.prepareStatement(SET_FLAGS)) {
            update.setArray(1, connection.createArrayOf("bigint", uids.toArray()));
            for (int column = 0; column < columns.length; column++) {
                Flags.Flag flag = columns[column];
                update.setArray(column + 2, connection.createArrayOf("boolean",
                    flags.stream().map(each -> each.contains(flag)).toArray()));
            }
            update.setArray(8, connection.createArrayOf("text",
                flags.stream().map(each -> String.join(" ", MessageRows.keywords(each))).toArray()));
            update.setLong(9, modSeq.asLong());
            update.setLong(10, id(mailbox));
            update.setLong(11, unseenChange);
            update.setArray(12, connection.createArrayOf("text", flags.stream()
                .flatMap(each -> java.util.Arrays.stream(each.getUserFlags())).distinct().toArray()));
            update.setLong(13, id(mailbox));
            update.executeUpdate();
        }
    }

    private static long seenChange(Flags old, Flags updated) {
        boolean wasSeen = old.contains(Flags.Flag.SEEN);
        boolean isSeen = updated.contains(Flags.Flag.SEEN);
        return wasSeen == isSeen ? 0 : (isSeen ? -1 : 1);
    }

    private static void bindFlags(PreparedStatement statement, int first, Flags flags, Connection connection)
            throws SQLException {
        statement.setBoolean(first, flags.contains(Flags.Flag.ANSWERED));
        statement.setBoolean(first + 1, flags.contains(Flags.Flag.DELETED));
        statement.setBoolean(first + 2, flags.contains(Flags.Flag.DRAFT));
        statement.setBoolean(first + 3, flags.contains(Flags.Flag.FLAGGED));
        statement.setBoolean(first + 4, flags.contains(Flags.Flag.RECENT));
        statement.setBoolean(first + 5, flags.contains(Flags.Flag.SEEN));
        statement.setArray(first + 6, connection.createArrayOf("text", MessageRows.keywords(flags)));
    }

    private static UUID threadOf(MailboxMessage message) {
        return message.getThreadId() != null && message.getThreadId().getBaseMessageId() instanceof StoredMessageId base
            ? base.value()
            : null;
    }

    private long mailboxColumn(Mailbox mailbox, String column) throws MailboxException {
        return database.read("read " + column + " of mailbox " + mailbox.getMailboxId(), connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + column + " FROM caducee_mailbox WHERE mailbox_id = ?")) {
                select.setLong(1, id(mailbox));
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new MailboxNotFoundException(mailbox.getMailboxId());
                    }
                    return row.getLong(1);
                }
            }
        });
    }

    private List<MessageUid> uids(Mailbox mailbox, String condition, MessageRange set) throws MailboxException {
        return database.read("list messages of mailbox " + mailbox.getMailboxId(),
            connection -> uids(connection, mailbox, condition, set));
    }

    /** UIDs matching a condition (which may bind the range's UIDs, after the mailbox's id). */
    private static List<MessageUid> uids(Connection connection, Mailbox mailbox, String condition, MessageRange set)
            throws SQLException {
        String order = condition.contains("ORDER BY") ? "" : " ORDER BY uid";
        List<MessageUid> uids = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT uid FROM caducee_mailbox_message mm WHERE mailbox_id = ? AND " + condition + order)) {
            select.setLong(1, id(mailbox));
            if (condition.contains("?")) {
                bindRange(select, 2, set);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    uids.add(MessageUid.of(rows.getLong(1)));
                }
            }
        }
        return uids;
    }

    private static String uidCondition(MessageRange set) {
        return switch (set.getType()) {
            case ONE -> " AND mm.uid = ?";
            case RANGE -> " AND mm.uid BETWEEN ? AND ?";
            case FROM -> " AND mm.uid >= ?";
            case ALL -> "";
        };
    }

    private static void bindRange(PreparedStatement statement, int first, MessageRange set) throws SQLException {
        switch (set.getType()) {
            case ONE, FROM -> statement.setLong(first, set.getUidFrom().asLong());
            case RANGE -> {
                statement.setLong(first, set.getUidFrom().asLong());
                statement.setLong(first + 1, set.getUidTo().asLong());
            }
            case ALL -> { }
        }
    }

    private static long id(Mailbox mailbox) {
        return ((BoxId) mailbox.getMailboxId()).value();
    }
}
