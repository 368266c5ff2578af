package fr.caducee.server.records.api;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.inject.Inject;
import javax.sql.DataSource;

import fr.caducee.records.DocumentStatus;
import fr.caducee.records.access.AccessRequest;
import fr.caducee.records.access.PatientChoices;
import fr.caducee.records.access.Reader;

/**
 * The reads and writes of the shared record's tables (V5) by the API and the webmail: documents, the access log, the
 * readers met so far, and what the patient chose. Plain SQL on the server's pool.
 */
public class RecordTables {
    /** A search returns at most this many versions, newest first. */
    static final int MAX_RESULTS = 1000;
    private static final String COLUMNS = "id, unique_id, set_id, version, patient_ins, ins_authority, author_idnat, "
        + "type_code, title, confidentiality, effective_time, status, replaces, media_type, size, sha256, "
        + "deposited_at, deposited_by";

    private final DataSource dataSource;

    @Inject
    public RecordTables(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The patient's versions in these statuses, of this type if given, deposited in [from, to) if given. */
    public List<StoredDocument> search(String patientIns, Set<DocumentStatus> statuses, Optional<String> type,
                                Optional<java.time.Instant> from, Optional<java.time.Instant> to) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM record_document WHERE patient_ins = ? "
            + "AND status = ANY (?)");
        type.ifPresent(t -> sql.append(" AND type_code = ?"));
        from.ifPresent(t -> sql.append(" AND deposited_at >= ?"));
        to.ifPresent(t -> sql.append(" AND deposited_at < ?"));
        sql.append(" ORDER BY deposited_at DESC, id LIMIT ").append(MAX_RESULTS);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int i = 1;
            statement.setString(i++, patientIns);
            statement.setArray(i++, connection.createArrayOf("text",
                statuses.stream().map(s -> s.name().toLowerCase(Locale.ROOT)).toArray()));
            if (type.isPresent()) {
                statement.setString(i++, type.get());
            }
            if (from.isPresent()) {
                statement.setTimestamp(i++, Timestamp.from(from.get()));
            }
            if (to.isPresent()) {
                statement.setTimestamp(i++, Timestamp.from(to.get()));
            }
            List<StoredDocument> documents = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    documents.add(document(rows));
                }
            }
            return documents;
        }
    }

    public Optional<StoredDocument> document(UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                 "SELECT " + COLUMNS + " FROM record_document WHERE id = ?")) {
            statement.setObject(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(document(rows)) : Optional.empty();
            }
        }
    }

    public byte[] content(UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT content FROM record_document WHERE id = ?")) {
            statement.setObject(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("document " + id + " vanished");
                }
                return rows.getBytes(1);
            }
        }
    }

    public PatientChoices choices(String patientIns) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean refused = false;
            Optional<String> gp = Optional.empty();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT emergency_refused, gp_idnat FROM record_patient WHERE patient_ins = ?")) {
                statement.setString(1, patientIns);
                try (ResultSet rows = statement.executeQuery()) {
                    if (rows.next()) {
                        refused = rows.getBoolean(1);
                        gp = Optional.ofNullable(rows.getString(2));
                    }
                }
            }
            Set<String> blocked = new HashSet<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT reader_idnat FROM record_blocked_reader WHERE patient_ins = ?")) {
                statement.setString(1, patientIns);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        blocked.add(rows.getString(1));
                    }
                }
            }
            return new PatientChoices(patientIns, refused, blocked, gp);
        }
    }

    /**
     * Writes one access to the log and, for a professional or software, notes them among the record's readers.
     *
     * @return true when this reader had never accessed this record before (the patient is then told)
     */
    boolean trace(String patientIns, String action, Optional<UUID> document, AccessRequest request)
            throws SQLException {
        Reader reader = request.reader();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement statement = connection.prepareStatement("INSERT INTO record_access "
                        + "(patient_ins, document_id, action, reader, reader_box, profession, mode, justification) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    statement.setString(1, patientIns);
                    statement.setObject(2, document.orElse(null));
                    statement.setString(3, action);
                    statement.setString(4, reader.id());
                    statement.setString(5, reader.box());
                    statement.setString(6, reader instanceof Reader.Professional professional
                        && !professional.professionCode().isEmpty() ? professional.professionCode() : null);
                    statement.setString(7, request.mode().stored());
                    statement.setString(8, request.justification().orElse(null));
                    statement.executeUpdate();
                }
                boolean first = false;
                if (reader instanceof Reader.Professional || reader instanceof Reader.Software) {
                    try (PreparedStatement statement = connection.prepareStatement("INSERT INTO record_reader "
                            + "(patient_ins, reader) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                        statement.setString(1, patientIns);
                        statement.setString(2, reader.id());
                        first = statement.executeUpdate() == 1;
                    }
                }
                connection.commit();
                return first;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** The record's access log, newest first. */
    public List<AccessEntry> accessLog(String patientIns, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT a.accessed_at, a.action, a.document_id, "
                 + "d.title, a.reader, a.reader_box, a.profession, a.mode, a.justification, "
                 + "coalesce('INVISIBLE_PATIENT' = ANY (d.confidentiality), false), "
                 + "coalesce('INVISIBLE_REP_LEGAUX' = ANY (d.confidentiality), false) FROM record_access a "
                 + "LEFT JOIN record_document d ON d.id = a.document_id WHERE a.patient_ins = ? "
                 + "ORDER BY a.accessed_at DESC, a.id DESC LIMIT ?")) {
            statement.setString(1, patientIns);
            statement.setInt(2, limit);
            List<AccessEntry> entries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.add(new AccessEntry(rows.getTimestamp(1).toInstant(), rows.getString(2),
                        Optional.ofNullable(rows.getObject(3, UUID.class)), Optional.ofNullable(rows.getString(4)),
                        rows.getString(5), Optional.ofNullable(rows.getString(6)), Optional.ofNullable(rows.getString(7)),
                        rows.getString(8), Optional.ofNullable(rows.getString(9)), rows.getBoolean(10),
                        rows.getBoolean(11)));
                }
            }
            return entries;
        }
    }

    public void refuseEmergency(String patientIns, boolean refused) throws SQLException {
        update("INSERT INTO record_patient (patient_ins, emergency_refused) VALUES (?, ?) ON CONFLICT (patient_ins) "
            + "DO UPDATE SET emergency_refused = EXCLUDED.emergency_refused, updated = now()", patientIns, refused);
    }

    void declareGp(String patientIns, Optional<String> gpIdNat) throws SQLException {
        update("INSERT INTO record_patient (patient_ins, gp_idnat) VALUES (?, ?) ON CONFLICT (patient_ins) "
            + "DO UPDATE SET gp_idnat = EXCLUDED.gp_idnat, updated = now()", patientIns, gpIdNat.orElse(null));
    }

    public void block(String patientIns, String idNat) throws SQLException {
        update("INSERT INTO record_blocked_reader (patient_ins, reader_idnat) VALUES (?, ?) ON CONFLICT DO NOTHING",
            patientIns, idNat);
    }

    public void unblock(String patientIns, String idNat) throws SQLException {
        update("DELETE FROM record_blocked_reader WHERE patient_ins = ? AND reader_idnat = ?", patientIns, idNat);
    }

    private void update(String sql, Object... values) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }

    private static StoredDocument document(ResultSet rows) throws SQLException {
        Array codes = rows.getArray("confidentiality");
        Timestamp effective = rows.getTimestamp("effective_time");
        return new StoredDocument(rows.getObject("id", UUID.class), rows.getString("unique_id"),
            rows.getString("set_id"), rows.getInt("version"), rows.getString("patient_ins"),
            rows.getString("ins_authority"), rows.getString("author_idnat"), rows.getString("type_code"),
            rows.getString("title"), Set.copyOf(Arrays.asList((String[]) codes.getArray())),
            Optional.ofNullable(effective).map(Timestamp::toInstant),
            DocumentStatus.valueOf(rows.getString("status").toUpperCase(Locale.ROOT)),
            Optional.ofNullable(rows.getObject("replaces", UUID.class)), rows.getString("media_type"),
            rows.getLong("size"), rows.getBytes("sha256"), rows.getTimestamp("deposited_at").toInstant(),
            rows.getString("deposited_by"));
    }
}
