package fr.caducee.server.gateway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import fr.caducee.gateway.port.PlannedMail;

/**
 * The mails the gateway submits, in {@code gateway_mail} (migration V11): registered under their Message-ID before
 * they are submitted, then marked with the chain's answer; claimed by the spool's first copy of each
 * ({@link GatewayDuplicates}).
 */
public final class GatewayMails {
    private final DataSource database;

    public GatewayMails(DataSource database) {
        this.database = database;
    }

    /** What is known of a registered mail: submitted (the chain's 250), or refused (its refusal as kept). */
    public record State(Optional<Instant> submittedAt, Optional<String> refused) {
    }

    /** Registers the mail unless it is already; returns its state. */
    public State register(PlannedMail mail, Instant now) throws SQLException {
        try (Connection connection = database.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO gateway_mail (message_id, peer_box, control_id, purpose, recipient, recipient_id,
                        wants_delivery, wants_reading, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (message_id) DO NOTHING""")) {
                insert.setString(1, mail.messageId());
                insert.setString(2, mail.peer().address());
                insert.setString(3, mail.controlId());
                insert.setString(4, mail.purpose().name());
                insert.setString(5, mail.recipient());
                insert.setString(6, mail.recipientId().orElse(null));
                insert.setBoolean(7, mail.notifySuccess());
                insert.setBoolean(8, mail.wantsReading());
                insert.setTimestamp(9, Timestamp.from(now));
                if (insert.executeUpdate() == 1) {
                    return new State(Optional.empty(), Optional.empty());
                }
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT submitted_at, refused FROM gateway_mail WHERE message_id = ?")) {
                select.setString(1, mail.messageId());
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return new State(Optional.empty(), Optional.empty());
                    }
                    return new State(Optional.ofNullable(row.getTimestamp(1)).map(Timestamp::toInstant),
                        Optional.ofNullable(row.getString(2)));
                }
            }
        }
    }

    public void submitted(String messageId, Instant at) throws SQLException {
        update("UPDATE gateway_mail SET submitted_at = ?, refused = NULL WHERE message_id = ?", messageId,
            Timestamp.from(at));
    }

    public void refused(String messageId, String refusal) throws SQLException {
        update("UPDATE gateway_mail SET refused = ? WHERE message_id = ?", messageId, refusal);
    }

    /** What the spool's copy of a gateway mail is, as {@link #claim} finds it. */
    public enum Claim {
        /** The first copy: it takes the mail. */
        FIRST,
        /** The same copy processed again: the spool gave it back after a crash, maybe after some deliveries. */
        AGAIN,
        /** Another copy of a mail already taken: submitted again after a crash. */
        COPY,
        /** The gateway sent no mail with this Message-ID from this sender. */
        NOT_THE_GATEWAYS
    }

    /** The spool's copy named {@code mailName} claims the mail registered under {@code messageId}. */
    public Claim claim(String messageId, String sender, String mailName) throws SQLException {
        try (Connection connection = database.getConnection()) {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE gateway_mail SET mail_name = ?
                    WHERE message_id = ? AND peer_box = ? AND mail_name IS NULL""")) {
                update.setString(1, mailName);
                update.setString(2, messageId);
                update.setString(3, sender);
                if (update.executeUpdate() == 1) {
                    return Claim.FIRST;
                }
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT peer_box, mail_name FROM gateway_mail WHERE message_id = ?")) {
                select.setString(1, messageId);
                try (ResultSet row = select.executeQuery()) {
                    // Another box's mail under a gateway Message-ID is not the gateway's: not a copy of its mail.
                    if (!row.next() || !row.getString(1).equals(sender)) {
                        return Claim.NOT_THE_GATEWAYS;
                    }
                    return mailName.equals(row.getString(2)) ? Claim.AGAIN : Claim.COPY;
                }
            }
        }
    }

    /**
     * Those of {@code recipients} (box addresses) whose mailboxes already hold a message with this Message-ID: the
     * ones a copy processed again must not be given it twice. Read only for a copy processed again (rare), so a scan
     * of the recipients' messages is fine.
     */
    public Set<String> holding(String messageId, Collection<String> recipients) throws SQLException {
        String bare = messageId.startsWith("<") && messageId.endsWith(">")
            ? messageId.substring(1, messageId.length() - 1) : messageId;
        Set<String> holding = new HashSet<>();
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                 SELECT 1 FROM caducee_mailbox mb
                 JOIN caducee_mailbox_message mm ON mm.mailbox_id = mb.mailbox_id
                 JOIN caducee_message_search s ON s.message_id = mm.message_id
                 WHERE lower(mb.owner) = lower(?) AND s.message_id_header = ? LIMIT 1""")) {
            for (String recipient : recipients) {
                select.setString(1, recipient);
                select.setString(2, bare);
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        holding.add(recipient);
                    }
                }
            }
        }
        return holding;
    }

    private void update(String sql, String messageId, Object value) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            update.setObject(1, value);
            update.setString(2, messageId);
            update.executeUpdate();
        }
    }
}
