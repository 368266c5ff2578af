package fr.caducee.server.storage.spool;

import java.io.ByteArrayInputStream;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.internet.InternetHeaders;
import javax.sql.DataSource;

import org.apache.james.queue.api.MailQueueName;

/**
 * The spool's and the remote-delivery queue's mails as an operator works them ({@code caducee queue}, like
 * {@code mailq}/{@code postsuper}): listed with what delivery knows of them, shown, held and released, made due now,
 * deleted. A mail is named by its mail name, which stays the same across RemoteDelivery's retries (each retry is a new
 * row). Mails being accepted ({@code awaiting_record}) are not the operator's: never listed nor touched. A mail being
 * processed (claimed) is listed; it can be held (its retry keeps the hold) but is neither flushed nor deleted.
 */
public class SpoolAdministration {
    /** RemoteDelivery's count of failed attempts, an attribute of the mail ({@code DeliveryRetriesHelper}). */
    static final String ATTEMPTS_ATTRIBUTE = "delivery_retry_count";
    private static final String LISTED = "SELECT id, queue_name, mail_name, message_size, sender, recipients, created, "
        + "next_delivery, state, error_message, on_hold, claimed_by IS NOT NULL AS processing, "
        + "attributes -> '" + ATTEMPTS_ATTRIBUTE + "' ->> 'value' AS attempts FROM caducee_spool";

    /** One mail in a queue, as {@code queue list} shows it. */
    public record QueuedMail(String queue, String name, long size, String sender, List<String> recipients,
                             Instant queued, int attempts, Instant nextAttempt, String state, Optional<String> lastError,
                             boolean held, boolean processing) {
    }

    /** One mail with its header fields, and its message when asked. */
    public record MailDetails(QueuedMail mail, List<String> headers, Optional<byte[]> message) {
    }

    /** A mail a change touched: its queue and name. */
    public record Touched(String queue, String name) {
    }

    /**
     * Which mails an operator's action is for: one mail by name, every mail of a sender or for a recipient, or all; in
     * one queue or in every queue.
     */
    public record Selection(Optional<String> queue, Optional<String> mail, Optional<String> sender,
                            Optional<String> recipient, boolean all) {
        public static Selection mail(String name) {
            return new Selection(Optional.empty(), Optional.of(name), Optional.empty(), Optional.empty(), false);
        }

        public static Selection sender(String sender) {
            return new Selection(Optional.empty(), Optional.empty(), Optional.of(sender), Optional.empty(), false);
        }

        public static Selection recipient(String recipient) {
            return new Selection(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(recipient), false);
        }

        public static Selection everything() {
            return new Selection(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true);
        }

        public Selection in(String queueName) {
            return new Selection(Optional.of(queueName), mail, sender, recipient, all);
        }

        /** How many of mail, sender, recipient and all are given: an action needs exactly one. */
        public int criteria() {
            return (mail.isPresent() ? 1 : 0) + (sender.isPresent() ? 1 : 0) + (recipient.isPresent() ? 1 : 0)
                + (all ? 1 : 0);
        }

        String condition() {
            StringBuilder where = new StringBuilder(" AND NOT awaiting_record");
            queue.ifPresent(q -> where.append(" AND queue_name = ?"));
            mail.ifPresent(m -> where.append(" AND mail_name = ?"));
            sender.ifPresent(s -> where.append(" AND lower(sender) = lower(?)"));
            recipient.ifPresent(r -> where.append(" AND lower(?) = ANY (SELECT lower(unnest(recipients)))"));
            return where.toString();
        }

        int bind(PreparedStatement statement, int first) throws SQLException {
            int i = first;
            for (Optional<String> value : List.of(queue, mail, sender, recipient)) {
                if (value.isPresent()) {
                    statement.setString(i++, value.get());
                }
            }
            return i;
        }
    }

    private final DataSource database;
    private final PostgresMailQueueFactory queues;

    @Inject
    public SpoolAdministration(DataSource database, PostgresMailQueueFactory queues) {
        this.database = database;
        this.queues = queues;
    }

    /** The queues this server has: James's spool and the remote-delivery queue, at least. */
    public Set<String> queueNames() {
        Set<String> names = new LinkedHashSet<>();
        queues.listCreatedMailQueues().stream().map(MailQueueName::asString).sorted().forEach(names::add);
        return names;
    }

    /** The mails of a queue (of every queue when empty), oldest first, at most {@code limit}. */
    public List<QueuedMail> list(Optional<String> queue, int limit) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement list = connection.prepareStatement(LISTED + " WHERE NOT awaiting_record"
                 + (queue.isPresent() ? " AND queue_name = ?" : "") + " ORDER BY id LIMIT ?")) {
            int i = 1;
            if (queue.isPresent()) {
                list.setString(i++, queue.get());
            }
            list.setInt(i, limit);
            List<QueuedMail> mails = new ArrayList<>();
            try (ResultSet rows = list.executeQuery()) {
                while (rows.next()) {
                    mails.add(queuedMail(rows));
                }
            }
            return mails;
        }
    }

    /** The number of mails of each queue: waiting, held. */
    public long count(String queue, boolean held) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM caducee_spool "
                 + "WHERE queue_name = ? AND NOT awaiting_record" + (held ? " AND on_hold" : ""))) {
            count.setString(1, queue);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** One mail by name, with its header fields, and its whole message when {@code withMessage}. */
    public Optional<MailDetails> mail(String name, boolean withMessage) throws SQLException, MessagingException {
        try (Connection connection = database.getConnection();
             PreparedStatement read = connection.prepareStatement(LISTED.replace(" FROM", ", message FROM")
                 + " WHERE mail_name = ? AND NOT awaiting_record ORDER BY claimed_by IS NOT NULL, id DESC LIMIT 1")) {
            read.setString(1, name);
            try (ResultSet row = read.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                byte[] message = row.getBytes("message");
                return Optional.of(new MailDetails(queuedMail(row), headers(message),
                    withMessage ? Optional.of(message) : Optional.empty()));
            }
        }
    }

    /** Holds the selected mails: kept, neither delivered nor retried until released. */
    public List<Touched> hold(Selection selection) throws SQLException {
        return change("UPDATE caducee_spool SET on_hold = true, updated = now() WHERE NOT on_hold", selection);
    }

    /** Releases the selected held mails: delivered when due, as before they were held. */
    public List<Touched> release(Selection selection) throws SQLException {
        List<Touched> released = change("UPDATE caducee_spool SET on_hold = false, updated = now() WHERE on_hold",
            selection);
        wake(released);
        return released;
    }

    /** The selected mails waiting for a later attempt made due now; held and claimed mails are left as they are. */
    public List<Touched> flush(Selection selection) throws SQLException {
        List<Touched> flushed = change("UPDATE caducee_spool SET next_delivery = now(), updated = now() "
            + "WHERE claimed_by IS NULL AND NOT on_hold", selection);
        wake(flushed);
        return flushed;
    }

    /** Deletes the selected mails, held or not; a mail being processed is left (its worker holds it). */
    public List<Touched> delete(Selection selection) throws SQLException {
        return change("DELETE FROM caducee_spool WHERE claimed_by IS NULL", selection);
    }

    private List<Touched> change(String statement, Selection selection) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement change = connection.prepareStatement(statement + selection.condition()
                 + " RETURNING queue_name, mail_name")) {
            connection.setAutoCommit(true);
            selection.bind(change, 1);
            List<Touched> touched = new ArrayList<>();
            try (ResultSet rows = change.executeQuery()) {
                while (rows.next()) {
                    touched.add(new Touched(rows.getString("queue_name"), rows.getString("mail_name")));
                }
            }
            return touched;
        }
    }

    /** Workers of the queues a mail was made due in look now rather than at their next poll. */
    private void wake(List<Touched> touched) {
        touched.stream().map(Touched::queue).distinct().forEach(queue ->
            queues.getQueue(MailQueueName.of(queue)).ifPresent(PostgresMailQueue::wakeWorkers));
    }

    private static QueuedMail queuedMail(ResultSet row) throws SQLException {
        Array recipients = row.getArray("recipients");
        String attempts = row.getString("attempts");
        return new QueuedMail(row.getString("queue_name"), row.getString("mail_name"), row.getLong("message_size"),
            row.getString("sender"), Arrays.asList((String[]) recipients.getArray()),
            instant(row.getTimestamp("created")), attempts == null ? 0 : Integer.parseInt(attempts),
            instant(row.getTimestamp("next_delivery")), row.getString("state"),
            firstLine(row.getString("error_message")), row.getBoolean("on_hold"), row.getBoolean("processing"));
    }

    /** James writes a mailet's failure with its stack trace: the operator is shown its first line, what failed. */
    static Optional<String> firstLine(String error) {
        if (error == null || error.isBlank()) {
            return Optional.empty();
        }
        String line = error.strip().lines().findFirst().orElse("").strip();
        return Optional.of(line.length() > 500 ? line.substring(0, 500) + "..." : line);
    }

    private static List<String> headers(byte[] message) throws MessagingException {
        List<String> lines = new ArrayList<>();
        Enumeration<Header> headers = new InternetHeaders(new ByteArrayInputStream(message)).getAllHeaders();
        for (Header header : Collections.list(headers)) {
            lines.add(header.getName() + ": " + header.getValue());
        }
        return lines;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
