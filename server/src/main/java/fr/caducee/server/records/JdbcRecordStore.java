package fr.caducee.server.records;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.sql.DataSource;

import org.apache.mailet.Mail;

import fr.caducee.records.Deposit;
import fr.caducee.records.DepositOutcome;
import fr.caducee.records.DepositRefusal;
import fr.caducee.records.DocumentAction;
import fr.caducee.records.DocumentDeposit;
import fr.caducee.records.DocumentStatus;
import fr.caducee.records.IntegrationError;
import fr.caducee.records.RecordLookup;
import fr.caducee.records.StoredVersion;
import fr.caducee.server.storage.SchemaMigrations;
import fr.caducee.server.storage.spool.PostgresMailQueue;

/**
 * The shared record's documents and deposits in the server's PostgreSQL database (tables of V5__records.sql).
 *
 * <p>{@link #handle} writes, in one transaction: the documents of a deposit (a new version, the previous one marked
 * superseded or deleted), the {@code record_deposit} row of the message, and the mails owed for it (the receipt, the
 * patient's notices) as rows of the spool, on the same connection. After a crash either all of it is there or none:
 * the spool then gives the message again, and a message whose {@code record_deposit} row exists is not handled twice,
 * so a deposit and its receipt happen exactly once.
 */
public class JdbcRecordStore implements RecordLookup {
    private static final String VERSION_COLUMNS = "id, unique_id, set_id, version, patient_ins, author_idnat, "
        + "deposited_by, status";
    private static final String INSERT_DOCUMENT = "INSERT INTO record_document (id, unique_id, set_id, version, "
        + "patient_ins, ins_authority, author_idnat, type_code, title, confidentiality, effective_time, status, "
        + "replaces, media_type, size, sha256, content, deposited_by, deposit_message_id) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'current', ?, ?, ?, ?, ?, ?, ?)";
    private static final String WITHDRAW = "UPDATE record_document SET status = ?, status_changed_at = now() "
        + "WHERE unique_id = ? AND status = 'current' RETURNING id";
    private static final String INSERT_DEPOSIT = "INSERT INTO record_deposit (message_id, recipient, sender_box, "
        + "outcome, error_code, rule, documents) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    /** The mails a handling owes (its receipt, the patient's notices), written with it. */
    @FunctionalInterface
    public interface Outgoing {
        List<Mail> mailsFor(Handling handling) throws MessagingException, IOException;
    }

    private final DataSource database;

    @Inject
    public JdbcRecordStore(DataSource database) {
        this.database = database;
        SchemaMigrations.apply(database);
    }

    @Override
    public Optional<StoredVersion> byUniqueId(String uniqueId) {
        return oneVersion("SELECT " + VERSION_COLUMNS + " FROM record_document WHERE unique_id = ?", uniqueId);
    }

    @Override
    public Optional<StoredVersion> currentOfSet(String setId) {
        return oneVersion("SELECT " + VERSION_COLUMNS + " FROM record_document WHERE set_id = ? AND status = 'current'",
            setId);
    }

    /** True when this message to this record box was handled already (whatever its outcome). */
    public boolean handled(String messageId, String recordBox) {
        try (Connection connection = database.getConnection()) {
            return handled(connection, messageId, recordBox);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Handles one message to the record's box, in one transaction (see the class comment).
     *
     * @param outcome the checks' verdict on its archive
     * @param outgoing the mails to send for the handling, spooled in the same transaction
     * @param spool where those mails go (James's {@code spool} queue)
     * @return what was done; {@link Handling.AlreadyHandled} when this message was handled before
     */
    public Handling handle(String messageId, String recordBox, String senderBox, DepositOutcome outcome,
                           Outgoing outgoing, PostgresMailQueue spool) throws MessagingException, IOException {
        Handling handling;
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (handled(connection, messageId, recordBox)) {
                    connection.rollback();
                    return new Handling.AlreadyHandled();
                }
                handling = outcome instanceof DepositOutcome.Accepted accepted
                    ? store(connection, accepted.deposit())
                    : new Handling.Refused(((DepositOutcome.Refused) outcome).refusal());
                if (handling instanceof Handling.Refused) {
                    // A refusal the store itself found may follow documents written: none of them stays.
                    connection.rollback();
                }
                if (!recordDeposit(connection, messageId, recordBox, senderBox, handling)) {
                    connection.rollback();
                    return new Handling.AlreadyHandled();
                }
                for (Mail mail : outgoing.mailsFor(handling)) {
                    spool.enQueue(connection, mail);
                }
                connection.commit();
            } catch (SQLException | MessagingException | IOException | RuntimeException e) {
                rollback(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
        spool.wakeWorkers();
        return handling;
    }

    private Handling store(Connection connection, Deposit deposit) throws SQLException {
        List<Handling.Document> documents = new ArrayList<>();
        for (DocumentDeposit document : deposit.documents()) {
            byte[] sha256 = sha256(document.content());
            Optional<Handling.Document> known = alreadyThere(connection, document, sha256);
            if (known.isPresent()) {
                documents.add(known.get());
                continue;
            }
            Optional<DepositRefusal> refusal = reused(connection, document);
            if (refusal.isPresent()) {
                return new Handling.Refused(refusal.get());
            }
            switch (document.action()) {
                case NEW -> {
                    if (currentOfSet(connection, document.setId()).isPresent()) {
                        return new Handling.Refused(new DepositRefusal(IntegrationError.WRONG_VERSION,
                            "record-set-exists", "The record already holds a current version of the document set "
                            + document.setId() + ": send this document as a replacement (relatedDocument RPLC) of it"));
                    }
                    documents.add(new Handling.Document(insert(connection, deposit, document, sha256, null), document,
                        false));
                }
                case REPLACE -> {
                    Optional<UUID> previous = withdraw(connection, document.replaces().orElseThrow(),
                        DocumentStatus.SUPERSEDED);
                    if (previous.isEmpty()) {
                        return notCurrent(document);
                    }
                    documents.add(new Handling.Document(insert(connection, deposit, document, sha256, previous.get()),
                        document, false));
                }
                case DELETE -> {
                    String target = document.replaces().orElseThrow();
                    Optional<UUID> deleted = withdraw(connection, target, DocumentStatus.DELETED);
                    if (deleted.isPresent()) {
                        documents.add(new Handling.Document(deleted.get(), document, false));
                    } else {
                        Optional<StoredVersion> stored = version(connection, target);
                        if (stored.isEmpty() || stored.get().status() != DocumentStatus.DELETED) {
                            return notCurrent(document);
                        }
                        // Deleted already, by an earlier message: the same deletion asked again is acknowledged.
                        documents.add(new Handling.Document(stored.get().id(), document, true));
                    }
                }
            }
        }
        return new Handling.Integrated(documents);
    }

    /** The same document (same unique id, same bytes) already in the record: acknowledged, not stored twice. */
    private Optional<Handling.Document> alreadyThere(Connection connection, DocumentDeposit document, byte[] sha256)
            throws SQLException {
        if (document.action() == DocumentAction.DELETE) {
            return Optional.empty();
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM record_document WHERE unique_id = ? AND sha256 = ?")) {
            select.setString(1, document.uniqueId());
            select.setBytes(2, sha256);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new Handling.Document(row.getObject(1, UUID.class), document, true))
                    : Optional.empty();
            }
        }
    }

    /** A unique id already stored with other bytes: two documents may not share an id. */
    private Optional<DepositRefusal> reused(Connection connection, DocumentDeposit document) throws SQLException {
        if (document.action() == DocumentAction.DELETE || version(connection, document.uniqueId()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DepositRefusal(IntegrationError.OTHER, "record-unique-id-reused",
            "The record already holds a different document with the id " + document.uniqueId()
                + ": each version of a document needs its own ClinicalDocument/id"));
    }

    private static Handling.Refused notCurrent(DocumentDeposit document) {
        String verb = document.action() == DocumentAction.DELETE ? "delete" : "replace";
        return new Handling.Refused(new DepositRefusal(IntegrationError.WRONG_VERSION, "record-version-not-current",
            "The document to " + verb + " (" + document.replaces().orElse("") + ") is not the current version in the "
                + "record: " + verb + " the current version of its set"));
    }

    private UUID insert(Connection connection, Deposit deposit, DocumentDeposit document, byte[] sha256, UUID replaces)
            throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement(INSERT_DOCUMENT)) {
            int i = 1;
            insert.setObject(i++, id);
            insert.setString(i++, document.uniqueId());
            insert.setString(i++, document.setId());
            insert.setInt(i++, document.version());
            insert.setString(i++, document.patientIns());
            insert.setString(i++, nonNull(document.insAuthority()));
            insert.setString(i++, nonNull(document.authorIdNat()));
            insert.setString(i++, nonNull(document.typeCode()));
            insert.setString(i++, nonNull(document.title()));
            insert.setArray(i++, connection.createArrayOf("text", document.confidentialityCodes().stream()
                .map(code -> code.toUpperCase(Locale.ROOT)).sorted().toArray()));
            if (document.effectiveTime().isPresent()) {
                insert.setTimestamp(i++, Timestamp.from(document.effectiveTime().get()));
            } else {
                insert.setNull(i++, Types.TIMESTAMP_WITH_TIMEZONE);
            }
            insert.setObject(i++, replaces);
            insert.setString(i++, document.mediaType() == null ? "text/xml" : document.mediaType());
            insert.setLong(i++, document.content().length);
            insert.setBytes(i++, sha256);
            insert.setBytes(i++, document.content());
            insert.setString(i++, deposit.senderBox());
            insert.setString(i, deposit.messageId());
            insert.executeUpdate();
        }
        return id;
    }

    private static Optional<UUID> withdraw(Connection connection, String uniqueId, DocumentStatus status)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(WITHDRAW)) {
            update.setString(1, status.name().toLowerCase(Locale.ROOT));
            update.setString(2, uniqueId);
            try (ResultSet row = update.executeQuery()) {
                return row.next() ? Optional.of(row.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    private static boolean recordDeposit(Connection connection, String messageId, String recordBox, String senderBox,
                                         Handling handling) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_DEPOSIT)) {
            insert.setString(1, messageId);
            insert.setString(2, recordBox);
            insert.setString(3, senderBox);
            List<UUID> documents = List.of();
            if (handling instanceof Handling.Integrated integrated) {
                insert.setString(4, integrated.duplicate() ? "duplicate" : "stored");
                insert.setNull(5, Types.INTEGER);
                insert.setNull(6, Types.VARCHAR);
                documents = integrated.ids();
            } else if (handling instanceof Handling.Refused refused) {
                insert.setString(4, "refused");
                insert.setInt(5, refused.refusal().error().code());
                insert.setString(6, refused.refusal().rule());
            } else {
                throw new IllegalArgumentException("nothing to record for " + handling);
            }
            insert.setArray(7, connection.createArrayOf("uuid", documents.toArray()));
            return insert.executeUpdate() == 1;
        }
    }

    private static boolean handled(Connection connection, String messageId, String recordBox) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM record_deposit WHERE message_id = ? AND recipient = ?")) {
            select.setString(1, messageId);
            select.setString(2, recordBox);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private Optional<StoredVersion> oneVersion(String query, String key) {
        try (Connection connection = database.getConnection()) {
            return oneVersion(connection, query, key);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static Optional<StoredVersion> version(Connection connection, String uniqueId) throws SQLException {
        return oneVersion(connection, "SELECT " + VERSION_COLUMNS + " FROM record_document WHERE unique_id = ?",
            uniqueId);
    }

    private static Optional<StoredVersion> currentOfSet(Connection connection, String setId) throws SQLException {
        return oneVersion(connection, "SELECT " + VERSION_COLUMNS + " FROM record_document WHERE set_id = ? "
            + "AND status = 'current'", setId);
    }

    private static Optional<StoredVersion> oneVersion(Connection connection, String query, String key)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(query)) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredVersion(row.getObject("id", UUID.class), row.getString("unique_id"),
                    row.getString("set_id"), row.getInt("version"), row.getString("patient_ins"),
                    row.getString("author_idnat"), row.getString("deposited_by"),
                    DocumentStatus.valueOf(row.getString("status").toUpperCase(Locale.ROOT))));
            }
        }
    }

    static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The connection is closed next: PostgreSQL drops the transaction with it.
        }
    }

    private static RecordStoreUnavailableException unavailable(SQLException e) {
        return new RecordStoreUnavailableException("the record's tables cannot be reached: " + e.getMessage(), e);
    }
}
