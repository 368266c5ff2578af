package fr.caducee.mailets.conversation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

/**
 * Conversations in the server's relational database (embedded Derby or PostgreSQL), next to the mailboxes, so that
 * they are as durable as the mail they govern. Three tables: conversations (indexed by patient), participants
 * (indexed by box) and messages (keyed by a SHA-256 of the message id, which may be up to 998 characters long).
 * Plain SQL understood by both databases; the tables are created at start when missing.
 */
public final class JdbcConversationStore implements ConversationStore {
    private static final String[] SCHEMA = {
        "CREATE TABLE CADUCEE_CONVERSATION (ID CHAR(36) NOT NULL PRIMARY KEY, PATIENT VARCHAR(320) NOT NULL, "
            + "OPENED_BY VARCHAR(320) NOT NULL, OPENED_AT TIMESTAMP NOT NULL, CLOSED_BY VARCHAR(320), "
            + "CLOSED_AT TIMESTAMP)",
        "CREATE INDEX CADUCEE_CONVERSATION_PATIENT ON CADUCEE_CONVERSATION (PATIENT)",
        "CREATE TABLE CADUCEE_CONVERSATION_PARTICIPANT (CONVERSATION_ID CHAR(36) NOT NULL, BOX VARCHAR(320) NOT NULL, "
            + "PRIMARY KEY (CONVERSATION_ID, BOX))",
        "CREATE INDEX CADUCEE_PARTICIPANT_BOX ON CADUCEE_CONVERSATION_PARTICIPANT (BOX)",
        "CREATE TABLE CADUCEE_CONVERSATION_MESSAGE (MESSAGE_KEY CHAR(64) NOT NULL, CONVERSATION_ID CHAR(36) NOT NULL, "
            + "ADDED_AT TIMESTAMP NOT NULL, PRIMARY KEY (MESSAGE_KEY, CONVERSATION_ID))"
    };
    private static final String COLUMNS = "C.ID, C.PATIENT, C.OPENED_BY, C.OPENED_AT, C.CLOSED_BY, C.CLOSED_AT";
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;

    private JdbcConversationStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A store on this database, its tables created if they are not there yet. */
    public static JdbcConversationStore open(DataSource dataSource) {
        JdbcConversationStore store = new JdbcConversationStore(dataSource);
        store.createTablesIfMissing();
        return store;
    }

    private void createTablesIfMissing() {
        try (Connection connection = connection()) {
            if (tableExists(connection.getMetaData(), "CADUCEE_CONVERSATION")) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                for (String ddl : SCHEMA) {
                    statement.execute(ddl);
                }
            }
        } catch (SQLException e) {
            throw unavailable("create the conversation tables", e);
        }
    }

    private static boolean tableExists(DatabaseMetaData metaData, String table) throws SQLException {
        // Derby keeps unquoted names upper case, PostgreSQL lower case.
        for (String name : List.of(table, table.toLowerCase())) {
            try (ResultSet tables = metaData.getTables(null, null, name, null)) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public List<Conversation> containing(String patient, Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return List.of();
        }
        String keys = String.join(", ", messageIds.stream().map(id -> "?").toList());
        String sql = "SELECT DISTINCT " + COLUMNS + " FROM CADUCEE_CONVERSATION C JOIN CADUCEE_CONVERSATION_MESSAGE M"
            + " ON M.CONVERSATION_ID = C.ID WHERE C.PATIENT = ? AND M.MESSAGE_KEY IN (" + keys + ")"
            + " ORDER BY C.OPENED_AT DESC";
        try (Connection connection = connection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, patient);
            int index = 2;
            for (String messageId : messageIds) {
                query.setString(index++, key(messageId));
            }
            return read(connection, query);
        } catch (SQLException e) {
            throw unavailable("read the conversations of " + patient, e);
        }
    }

    @Override
    public List<Conversation> involving(String patient, String box) {
        String sql = "SELECT " + COLUMNS + " FROM CADUCEE_CONVERSATION C JOIN CADUCEE_CONVERSATION_PARTICIPANT P"
            + " ON P.CONVERSATION_ID = C.ID WHERE C.PATIENT = ? AND P.BOX = ? ORDER BY C.OPENED_AT DESC";
        try (Connection connection = connection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, patient);
            query.setString(2, box);
            return read(connection, query);
        } catch (SQLException e) {
            throw unavailable("read the conversations of " + patient, e);
        }
    }

    @Override
    public Conversation open(String patient, String openedBy, Set<String> participants, String messageId, Instant at) {
        String id = UUID.randomUUID().toString();
        Set<String> everyone = Set.copyOf(participants);
        try (Connection connection = connection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO CADUCEE_CONVERSATION (ID, PATIENT, OPENED_BY, OPENED_AT) VALUES (?, ?, ?, ?)")) {
                    insert.setString(1, id);
                    insert.setString(2, patient);
                    insert.setString(3, openedBy);
                    insert.setTimestamp(4, Timestamp.from(at));
                    insert.executeUpdate();
                }
                insertParticipants(connection, id, everyone);
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO CADUCEE_CONVERSATION_MESSAGE (MESSAGE_KEY, CONVERSATION_ID, ADDED_AT) VALUES (?, ?, ?)")) {
                    insert.setString(1, key(messageId));
                    insert.setString(2, id);
                    insert.setTimestamp(3, Timestamp.from(at));
                    insert.executeUpdate();
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw unavailable("open a conversation with " + patient, e);
        }
        return new Conversation(id, patient, openedBy, at, everyone, Optional.empty(), Optional.empty());
    }

    private static void insertParticipants(Connection connection, String id, Set<String> boxes) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO CADUCEE_CONVERSATION_PARTICIPANT (CONVERSATION_ID, BOX) VALUES (?, ?)")) {
            for (String box : boxes) {
                insert.setString(1, id);
                insert.setString(2, box);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    @Override
    public void addMessage(String conversationId, String messageId, Set<String> participants, Instant at) {
        try (Connection connection = connection()) {
            // One statement per row in auto-commit: a row another server thread added meanwhile is a duplicate key,
            // which must not undo the rows around it (PostgreSQL aborts a whole transaction on any error).
            Set<String> known = participantsOf(connection, conversationId);
            for (String box : participants) {
                if (!known.contains(box)) {
                    insertIgnoringDuplicate(connection,
                        "INSERT INTO CADUCEE_CONVERSATION_PARTICIPANT (CONVERSATION_ID, BOX) VALUES (?, ?)",
                        conversationId, box, null);
                }
            }
            insertIgnoringDuplicate(connection,
                "INSERT INTO CADUCEE_CONVERSATION_MESSAGE (CONVERSATION_ID, MESSAGE_KEY, ADDED_AT) VALUES (?, ?, ?)",
                conversationId, key(messageId), Timestamp.from(at));
        } catch (SQLException e) {
            throw unavailable("add a message to conversation " + conversationId, e);
        }
    }

    private static void insertIgnoringDuplicate(Connection connection, String sql, String first, String second,
                                                Timestamp third) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, first);
            insert.setString(2, second);
            if (third != null) {
                insert.setTimestamp(3, third);
            }
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    @Override
    public void close(String conversationId, String closedBy, Instant at) {
        try (Connection connection = connection();
             PreparedStatement update = connection.prepareStatement(
                 "UPDATE CADUCEE_CONVERSATION SET CLOSED_BY = ?, CLOSED_AT = ? WHERE ID = ? AND CLOSED_AT IS NULL")) {
            update.setString(1, closedBy);
            update.setTimestamp(2, Timestamp.from(at));
            update.setString(3, conversationId);
            update.executeUpdate();
        } catch (SQLException e) {
            throw unavailable("close conversation " + conversationId, e);
        }
    }

    private static List<Conversation> read(Connection connection, PreparedStatement query) throws SQLException {
        Map<String, Conversation> found = new LinkedHashMap<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                String id = rows.getString(1).trim();
                Timestamp closedAt = rows.getTimestamp(6);
                found.putIfAbsent(id, new Conversation(id, rows.getString(2), rows.getString(3),
                    rows.getTimestamp(4).toInstant(), Set.of(), Optional.ofNullable(rows.getString(5)),
                    Optional.ofNullable(closedAt).map(Timestamp::toInstant)));
            }
        }
        List<Conversation> conversations = new ArrayList<>();
        for (Conversation conversation : found.values()) {
            conversations.add(new Conversation(conversation.id(), conversation.patient(), conversation.openedBy(),
                conversation.openedAt(), participantsOf(connection, conversation.id()), conversation.closedBy(),
                conversation.closedAt()));
        }
        return conversations;
    }

    private static Set<String> participantsOf(Connection connection, String conversationId) throws SQLException {
        Set<String> boxes = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT BOX FROM CADUCEE_CONVERSATION_PARTICIPANT WHERE CONVERSATION_ID = ?")) {
            query.setString(1, conversationId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    boxes.add(rows.getString(1));
                }
            }
        }
        return boxes;
    }

    /** A pooled connection in auto-commit, whatever the pool's default: a read must not leave a transaction open. */
    private Connection connection() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(true);
        return connection;
    }

    /** Message ids are up to 998 characters: an index holds their SHA-256 instead. */
    static String key(String messageId) {
        try {
            return HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(messageId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static ConversationStoreUnavailableException unavailable(String what, SQLException e) {
        return new ConversationStoreUnavailableException("Cannot " + what + ": " + e.getMessage(), e);
    }
}
