package fr.caducee.server.migration;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import org.apache.james.mailbox.store.mail.model.Property;

import fr.caducee.server.migration.DerbySource.OldMailbox;
import fr.caducee.server.migration.DerbySource.OldMessage;

/**
 * Every statement the migration writes into the PostgreSQL mailbox store (the tables of {@code V2__mailbox.sql}), and
 * the counts it reads back from them; all in the one transaction it is given. Kept in one class so that a change of
 * those tables is made here alone.
 */
final class MailboxStoreWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection transaction;
    private final PreparedStatement message;
    private final PreparedStatement mailboxMessage;

    MailboxStoreWriter(Connection transaction) throws SQLException {
        this.transaction = transaction;
        this.message = transaction.prepareStatement("INSERT INTO caducee_message (message_id, internal_date, size, "
            + "body_start_octet, media_type, sub_type, text_line_count, properties, header, body) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS JSONB), ?, ?)");
        this.mailboxMessage = transaction.prepareStatement("INSERT INTO caducee_mailbox_message (mailbox_id, uid, "
            + "message_id, modseq, size, body_start_octet, internal_date, answered, deleted, draft, flagged, recent, seen, "
            + "user_flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /** Mailboxes already in the store: the migration writes into an empty one only. */
    long mailboxCount() throws SQLException {
        return count("caducee_mailbox");
    }

    /** The mailbox with its UIDVALIDITY and counters as they were; its message counts are set by {@link #finish()}. */
    long insertMailbox(OldMailbox mailbox) throws SQLException {
        try (PreparedStatement insert = transaction.prepareStatement("INSERT INTO caducee_mailbox (namespace, owner, "
                 + "name, uid_validity, last_uid, highest_modseq) VALUES (?, ?, ?, ?, ?, ?) RETURNING mailbox_id")) {
            insert.setString(1, mailbox.namespace());
            insert.setString(2, mailbox.owner());
            insert.setString(3, mailbox.name());
            insert.setLong(4, mailbox.uidValidity());
            insert.setLong(5, mailbox.lastUid());
            insert.setLong(6, mailbox.highestModSeq());
            try (ResultSet id = insert.executeQuery()) {
                id.next();
                return id.getLong(1);
            }
        }
    }

    /** The message's bytes once, and its place in the mailbox (same UID, mod-sequence, flags and keywords). */
    UUID insertMessage(long mailboxId, OldMessage old) throws SQLException {
        UUID id = UUID.randomUUID();
        OffsetDateTime internalDate = OffsetDateTime.ofInstant(old.internalDate(), ZoneOffset.UTC);
        message.setObject(1, id);
        message.setObject(2, internalDate);
        message.setLong(3, old.size());
        message.setInt(4, old.bodyStartOctet());
        message.setString(5, old.mediaType());
        message.setString(6, old.subType());
        message.setObject(7, old.textualLineCount());
        message.setString(8, propertiesJson(old));
        message.setBytes(9, old.header());
        message.setBytes(10, old.body());
        message.executeUpdate();

        mailboxMessage.setLong(1, mailboxId);
        mailboxMessage.setLong(2, old.uid());
        mailboxMessage.setObject(3, id);
        mailboxMessage.setLong(4, old.modSeq());
        mailboxMessage.setLong(5, old.size());
        mailboxMessage.setInt(6, old.bodyStartOctet());
        mailboxMessage.setObject(7, internalDate);
        mailboxMessage.setBoolean(8, old.answered());
        mailboxMessage.setBoolean(9, old.deleted());
        mailboxMessage.setBoolean(10, old.draft());
        mailboxMessage.setBoolean(11, old.flagged());
        mailboxMessage.setBoolean(12, old.recent());
        mailboxMessage.setBoolean(13, old.seen());
        Array keywords = transaction.createArrayOf("text", old.userFlags().toArray());
        mailboxMessage.setArray(14, keywords);
        mailboxMessage.executeUpdate();
        keywords.free();
        return id;
    }

    /** MIME properties in their order, as the mailbox store writes them: [[namespace, name, value], ...]. */
    static String propertiesJson(OldMessage old) {
        ArrayNode properties = JSON.createArrayNode();
        for (Property property : old.properties()) {
            properties.addArray()
                .add(property.getNamespace())
                .add(property.getLocalName())
                .add(property.getValue());
        }
        return properties.toString();
    }

    void insertSubscription(String owner, String mailbox) throws SQLException {
        try (PreparedStatement insert = transaction.prepareStatement(
                 "INSERT INTO caducee_subscription (owner, mailbox) VALUES (?, ?)")) {
            insert.setString(1, owner);
            insert.setString(2, mailbox);
            insert.executeUpdate();
        }
    }

    void insertAnnotation(long mailboxId, String key, String value) throws SQLException {
        try (PreparedStatement insert = transaction.prepareStatement(
                 "INSERT INTO caducee_mailbox_annotation (mailbox_id, key, value) VALUES (?, ?, ?)")) {
            insert.setLong(1, mailboxId);
            insert.setString(2, key);
            insert.setString(3, value);
            insert.executeUpdate();
        }
    }

    /**
     * The counters kept on each mailbox row and the usage per quota root, computed from what was copied rather than
     * taken from James's tables (its quota usage could drift, even below zero). A quota root is James's
     * {@code <namespace>&<owner>}.
     */
    void finish() throws SQLException {
        try (Statement statement = transaction.createStatement()) {
            statement.executeUpdate("UPDATE caducee_mailbox b SET message_count = c.messages, unseen_count = c.unseen "
                + "FROM (SELECT mailbox_id, count(*) AS messages, count(*) FILTER (WHERE NOT seen) AS unseen "
                + "FROM caducee_mailbox_message GROUP BY mailbox_id) c WHERE b.mailbox_id = c.mailbox_id");
            // The keywords SELECT announces in FLAGS: every one set in the mailbox, sorted, as the store keeps them.
            statement.executeUpdate("UPDATE caducee_mailbox b SET keywords = k.keywords FROM (SELECT mailbox_id, "
                + "array_agg(DISTINCT keyword ORDER BY keyword) AS keywords FROM caducee_mailbox_message, "
                + "unnest(user_flags) AS keyword GROUP BY mailbox_id) k WHERE b.mailbox_id = k.mailbox_id");
            statement.executeUpdate("INSERT INTO caducee_quota_usage (quota_root, message_count, size_bytes) "
                + "SELECT b.namespace || '&' || b.owner, count(m.uid), coalesce(sum(m.size), 0) "
                + "FROM caducee_mailbox b LEFT JOIN caducee_mailbox_message m ON m.mailbox_id = b.mailbox_id "
                + "GROUP BY b.namespace, b.owner");
        }
    }

    long count(String table) throws SQLException {
        try (Statement statement = transaction.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM " + table)) {
            count.next();
            return count.getLong(1);
        }
    }

    long keywordCount() throws SQLException {
        return single("SELECT coalesce(sum(cardinality(user_flags)), 0) FROM caducee_mailbox_message");
    }

    long propertyCount() throws SQLException {
        return single("SELECT coalesce(sum(jsonb_array_length(properties)), 0) FROM caducee_message");
    }

    /** The same figures as {@link DerbySource#figuresPerMailbox()}, per new mailbox id. */
    Map<Long, MailboxFigures> figuresPerMailbox() throws SQLException {
        Map<Long, MailboxFigures> figures = new LinkedHashMap<>();
        try (Statement statement = transaction.createStatement();
             ResultSet rows = statement.executeQuery("SELECT b.mailbox_id, b.uid_validity, b.last_uid, b.highest_modseq, "
                 + "count(m.uid), coalesce(sum(octet_length(g.header) + octet_length(g.body)), 0), "
                 + "coalesce(sum(m.size), 0), count(*) FILTER (WHERE NOT m.seen), count(*) FILTER (WHERE m.answered), "
                 + "count(*) FILTER (WHERE m.flagged), count(*) FILTER (WHERE m.deleted), "
                 + "count(*) FILTER (WHERE m.draft), count(*) FILTER (WHERE m.recent), "
                 + "coalesce(sum(cardinality(m.user_flags)), 0), b.message_count, b.unseen_count "
                 + "FROM caducee_mailbox b LEFT JOIN caducee_mailbox_message m ON m.mailbox_id = b.mailbox_id "
                 + "LEFT JOIN caducee_message g ON g.message_id = m.message_id "
                 + "GROUP BY b.mailbox_id ORDER BY b.mailbox_id")) {
            while (rows.next()) {
                MailboxFigures counted = new MailboxFigures(rows.getLong(2), rows.getLong(3), rows.getLong(4),
                    rows.getLong(5), rows.getLong(6), rows.getLong(7), rows.getLong(8), rows.getLong(9),
                    rows.getLong(10), rows.getLong(11), rows.getLong(12), rows.getLong(13), rows.getLong(14));
                if (rows.getLong(15) != counted.messages() || rows.getLong(16) != counted.unseen()) {
                    // The mailbox row's own counters are what SELECT and STATUS answer from: they must agree too.
                    counted = new MailboxFigures(-1, -1, -1, rows.getLong(15), -1, -1, rows.getLong(16), -1, -1, -1,
                        -1, -1, -1);
                }
                figures.put(rows.getLong(1), counted);
            }
        }
        return figures;
    }

    /** Usage per quota root as written by {@link #finish()}: {messages, bytes}. */
    Map<String, long[]> quotaUsage() throws SQLException {
        Map<String, long[]> usage = new LinkedHashMap<>();
        try (Statement statement = transaction.createStatement();
             ResultSet rows = statement.executeQuery(
                 "SELECT quota_root, message_count, size_bytes FROM caducee_quota_usage ORDER BY quota_root")) {
            while (rows.next()) {
                usage.put(rows.getString(1), new long[] {rows.getLong(2), rows.getLong(3)});
            }
        }
        return usage;
    }

    private long single(String query) throws SQLException {
        try (Statement statement = transaction.createStatement(); ResultSet value = statement.executeQuery(query)) {
            value.next();
            return value.getLong(1);
        }
    }
}
