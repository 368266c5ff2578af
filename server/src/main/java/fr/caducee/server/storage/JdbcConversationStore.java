package fr.caducee.server.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

import javax.sql.DataSource;

import fr.caducee.rules.patients.Conversation;
import fr.caducee.rules.patients.ConversationStore;

/**
 * Conversations in the server's PostgreSQL database, next to the mailboxes, so that
 * they are as durable as the mail they govern. Three tables: conversations (indexed by patient), participants
 * (indexed by box) and messages (keyed by a SHA-256 of the message id, which may be up to 998 characters long).
 * Plain SQL; the tables are versioned migrations applied at start
 * ({@link SchemaMigrations}).
 *
 * <p>Writes go through one writer thread that commits whatever has queued up meanwhile in one transaction (group
 * commit): every message to a patient writes here before its {@code 250}, and a commit per message would make the
 * database's log flush the bottleneck of the whole server. Each caller still waits for its own write to be
 * committed.
 */
public final class JdbcConversationStore implements ConversationStore {
    private static final String COLUMNS = "C.ID, C.PATIENT, C.OPENED_BY, C.OPENED_AT, C.CLOSED_BY, C.CLOSED_AT";
    private static final String INVOLVING = "SELECT " + COLUMNS + " FROM CADUCEE_CONVERSATION C"
        + " JOIN CADUCEE_CONVERSATION_PARTICIPANT P ON P.CONVERSATION_ID = C.ID WHERE C.PATIENT = ? AND P.BOX = ?";
    private static final String INSERT_PARTICIPANT =
        "INSERT INTO CADUCEE_CONVERSATION_PARTICIPANT (CONVERSATION_ID, BOX) VALUES (?, ?)";
    private static final String INSERT_MESSAGE =
        "INSERT INTO CADUCEE_CONVERSATION_MESSAGE (CONVERSATION_ID, MESSAGE_KEY, ADDED_AT) VALUES (?, ?, ?)";
    private static final int MAX_BATCH = 256;

    private final DataSource dataSource;
    private final BlockingQueue<Write> pending = new LinkedBlockingQueue<>();

    /** One change, applied inside the writer's transaction. */
    private interface Change {
        void apply(Connection connection) throws SQLException;
    }

    private record Write(Change change, CompletableFuture<Void> done) {
    }

    private JdbcConversationStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A store on this database, its tables brought to the current version first ({@link SchemaMigrations}). */
    public static JdbcConversationStore open(DataSource dataSource) {
        SchemaMigrations.apply(dataSource);
        JdbcConversationStore store = new JdbcConversationStore(dataSource);
        Thread writer = new Thread(store::writeForever, "conversation-writer");
        writer.setDaemon(true);
        writer.start();
        return store;
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
        List<String> parameters = new ArrayList<>(List.of(patient));
        messageIds.forEach(messageId -> parameters.add(key(messageId)));
        return query(sql, parameters, "read the conversations of " + patient);
    }

    @Override
    public List<Conversation> openInvolving(String patient, String box) {
        return query(INVOLVING + " AND C.CLOSED_AT IS NULL ORDER BY C.OPENED_AT DESC", List.of(patient, box),
            "read the conversations of " + patient);
    }

    @Override
    public Optional<Conversation> lastInvolving(String patient, String box) {
        return query(INVOLVING + " ORDER BY C.OPENED_AT DESC FETCH FIRST 1 ROWS ONLY", List.of(patient, box),
            "read the conversations of " + patient).stream().findFirst();
    }

    @Override
    public Conversation open(String patient, String openedBy, Set<String> participants, String messageId, Instant at) {
        String id = UUID.randomUUID().toString();
        Set<String> everyone = Set.copyOf(participants);
        write("open a conversation with " + patient, connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO CADUCEE_CONVERSATION (ID, PATIENT, OPENED_BY, OPENED_AT) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, patient);
                insert.setString(3, openedBy);
                insert.setTimestamp(4, Timestamp.from(at));
                insert.executeUpdate();
            }
            for (String box : everyone) {
                insert(connection, INSERT_PARTICIPANT, id, box, null);
            }
            insert(connection, INSERT_MESSAGE, id, key(messageId), Timestamp.from(at));
        });
        return new Conversation(id, patient, openedBy, at, everyone, Optional.empty(), Optional.empty());
    }

    @Override
    public void addMessage(String conversationId, String messageId, Set<String> participants, Instant at) {
        write("add a message to conversation " + conversationId, connection -> {
            Set<String> known = participantsOf(connection, List.of(conversationId)).getOrDefault(conversationId, Set.of());
            for (String box : participants) {
                if (!known.contains(box)) {
                    insert(connection, INSERT_PARTICIPANT, conversationId, box, null);
                }
            }
            if (!exists(connection, "SELECT 1 FROM CADUCEE_CONVERSATION_MESSAGE WHERE MESSAGE_KEY = ? AND CONVERSATION_ID = ?",
                    key(messageId), conversationId)) {
                insert(connection, INSERT_MESSAGE, conversationId, key(messageId), Timestamp.from(at));
            }
        });
    }

    @Override
    public void close(String conversationId, String closedBy, Instant at) {
        write("close conversation " + conversationId, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE CADUCEE_CONVERSATION SET CLOSED_BY = ?, CLOSED_AT = ? WHERE ID = ? AND CLOSED_AT IS NULL")) {
                update.setString(1, closedBy);
                update.setTimestamp(2, Timestamp.from(at));
                update.setString(3, conversationId);
                update.executeUpdate();
            }
        });
    }

    /** Queues a change for the writer and waits until it is committed. */
    private void write(String what, Change change) {
        Write write = new Write(change, new CompletableFuture<>());
        pending.add(write);
        try {
            write.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConversationStoreUnavailableException("Interrupted while waiting to " + what, e);
        } catch (ExecutionException e) {
            throw new ConversationStoreUnavailableException("Cannot " + what + ": " + e.getCause().getMessage(),
                e.getCause());
        }
    }

    private void writeForever() {
        List<Write> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(pending.take());
                pending.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                batch.forEach(write -> write.done().completeExceptionally(e));
                return;
            } catch (RuntimeException e) {
                batch.forEach(write -> write.done().completeExceptionally(e));
            }
            batch.clear();
        }
    }

    /**
     * Applies the batch in one transaction. If that fails (one bad write, or another node added the same row
     * meanwhile), each write is applied again in a transaction of its own, so that one failure fails only its caller.
     */
    private void commit(List<Write> batch) {
        try {
            inTransaction(connection -> {
                for (Write write : batch) {
                    write.change().apply(connection);
                }
            });
            batch.forEach(write -> write.done().complete(null));
        } catch (SQLException batchFailure) {
            for (Write write : batch) {
                try {
                    inTransaction(write.change());
                    write.done().complete(null);
                } catch (SQLException e) {
                    write.done().completeExceptionally(e);
                }
            }
        }
    }

    private void inTransaction(Change change) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                change.apply(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static void insert(Connection connection, String sql, String first, String second, Timestamp third)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, first);
            insert.setString(2, second);
            if (third != null) {
                insert.setTimestamp(3, third);
            }
            insert.executeUpdate();
        }
    }

    private static boolean exists(Connection connection, String sql, String first, String second) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, first);
            query.setString(2, second);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private List<Conversation> query(String sql, List<String> parameters, String what) {
        try (Connection connection = connection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                query.setString(i + 1, parameters.get(i));
            }
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
            Map<String, Set<String>> participants = participantsOf(connection, found.keySet());
            return found.values().stream()
                .map(c -> new Conversation(c.id(), c.patient(), c.openedBy(), c.openedAt(),
                    participants.getOrDefault(c.id(), Set.of()), c.closedBy(), c.closedAt()))
                .toList();
        } catch (SQLException e) {
            throw unavailable(what, e);
        }
    }

    /** The participants of these conversations, in one query. */
    private static Map<String, Set<String>> participantsOf(Connection connection, Collection<String> ids)
            throws SQLException {
        Map<String, Set<String>> boxes = new HashMap<>();
        if (ids.isEmpty()) {
            return boxes;
        }
        String marks = String.join(", ", ids.stream().map(id -> "?").toList());
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT CONVERSATION_ID, BOX FROM CADUCEE_CONVERSATION_PARTICIPANT WHERE CONVERSATION_ID IN (" + marks + ")")) {
            int index = 1;
            for (String id : ids) {
                query.setString(index++, id);
            }
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    boxes.computeIfAbsent(rows.getString(1).trim(), id -> new HashSet<>()).add(rows.getString(2));
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
