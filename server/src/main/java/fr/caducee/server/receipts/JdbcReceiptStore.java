package fr.caducee.server.receipts;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * {@link ReceiptStore} in the server's PostgreSQL, next to the mailboxes and the spool. Recording a sent message is
 * one {@code INSERT} in auto-commit: it runs for every submitted mail, so it costs one round trip.
 */
public final class JdbcReceiptStore implements ReceiptStore {
    private static final String SENT_COLUMNS =
        "sent_id, sender_box, message_id, envelope_id, recipients, original_recipients, accepted_at";

    private final DataSource dataSource;

    public JdbcReceiptStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void recordSent(String mailName, String senderBox, Optional<String> messageId, Optional<String> envelopeId,
                           List<SentMessage.Recipient> recipients, Instant acceptedAt) {
        String sql = "INSERT INTO caducee_sent_message (mail_name, sender_box, message_id, envelope_id, recipients,"
            + " original_recipients, accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (mail_name) DO NOTHING";
        try (Connection connection = connection(); PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, mailName);
            insert.setString(2, senderBox.toLowerCase(Locale.ROOT));
            insert.setString(3, messageId.orElse(null));
            insert.setString(4, envelopeId.orElse(null));
            insert.setArray(5, connection.createArrayOf("text",
                recipients.stream().map(SentMessage.Recipient::address).toArray()));
            insert.setArray(6, connection.createArrayOf("text",
                recipients.stream().map(recipient -> recipient.originalRecipient().orElse("")).toArray()));
            insert.setTimestamp(7, Timestamp.from(acceptedAt));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record message " + mailName + " sent by " + senderBox + ": "
                + e.getMessage(), e);
        }
    }

    @Override
    public Optional<SentMessage> findSent(String senderBox, Optional<String> messageId, Optional<String> envelopeId) {
        String box = senderBox.toLowerCase(Locale.ROOT);
        Optional<SentMessage> byEnvelope = envelopeId.isEmpty() ? Optional.empty()
            : latest("sender_box = ? AND envelope_id = ?", box, envelopeId.get());
        return byEnvelope.or(() -> messageId.isEmpty() ? Optional.empty()
            : latest("sender_box = ? AND message_id = ?", box, messageId.get()));
    }

    private Optional<SentMessage> latest(String condition, String box, String value) {
        String sql = "SELECT " + SENT_COLUMNS + " FROM caducee_sent_message WHERE " + condition
            + " ORDER BY accepted_at DESC, sent_id DESC FETCH FIRST 1 ROWS ONLY";
        try (Connection connection = connection(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, box);
            query.setString(2, value);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(sent(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the messages " + box + " sent: " + e.getMessage(), e);
        }
    }

    private static SentMessage sent(ResultSet row) throws SQLException {
        String[] addresses = strings(row.getArray(5));
        String[] originals = strings(row.getArray(6));
        List<SentMessage.Recipient> recipients = new ArrayList<>(addresses.length);
        for (int i = 0; i < addresses.length; i++) {
            String original = i < originals.length ? originals[i] : "";
            recipients.add(new SentMessage.Recipient(addresses[i],
                original.isEmpty() ? Optional.empty() : Optional.of(original)));
        }
        return new SentMessage(row.getLong(1), row.getString(2), Optional.ofNullable(row.getString(3)),
            Optional.ofNullable(row.getString(4)), List.copyOf(recipients), row.getTimestamp(7).toInstant());
    }

    private static String[] strings(Array array) throws SQLException {
        return array == null ? new String[0] : (String[]) array.getArray();
    }

    @Override
    public boolean addReceipt(long sentId, Receipt receipt) {
        String sql = "INSERT INTO caducee_receipt (sent_id, recipient, kind, status, code, label, receipt_message_id,"
            + " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
        try (Connection connection = connection(); PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setLong(1, sentId);
            insert.setString(2, receipt.recipient());
            insert.setString(3, receipt.kind().column());
            insert.setString(4, receipt.status());
            insert.setString(5, receipt.code().orElse(null));
            insert.setString(6, receipt.label().orElse(null));
            insert.setString(7, receipt.receiptMessageId());
            insert.setTimestamp(8, Timestamp.from(receipt.receivedAt()));
            return insert.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record a receipt from " + receipt.recipient() + ": "
                + e.getMessage(), e);
        }
    }

    @Override
    public List<Receipt> receiptsOf(long sentId) {
        String sql = "SELECT recipient, kind, status, code, label, receipt_message_id, received_at FROM caducee_receipt"
            + " WHERE sent_id = ? ORDER BY received_at, receipt_id";
        try (Connection connection = connection(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setLong(1, sentId);
            List<Receipt> receipts = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    receipts.add(new Receipt(rows.getString(1),
                        Receipt.Kind.valueOf(rows.getString(2).toUpperCase(Locale.ROOT)), rows.getString(3),
                        Optional.ofNullable(rows.getString(4)), Optional.ofNullable(rows.getString(5)),
                        rows.getString(6), rows.getTimestamp(7).toInstant()));
                }
            }
            return receipts;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the receipts of sent message " + sentId + ": "
                + e.getMessage(), e);
        }
    }

    /** A pooled connection in auto-commit, whatever the pool's default. */
    private Connection connection() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(true);
        return connection;
    }
}
