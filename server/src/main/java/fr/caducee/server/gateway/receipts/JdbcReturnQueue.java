package fr.caducee.server.gateway.receipts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import fr.caducee.domain.model.BoxAddress;
import fr.caducee.gateway.DependencyUnavailableException;
import fr.caducee.gateway.port.ReturnQueue;

/**
 * The business receipts owed to hospitals, rows of {@code gateway_return} (migrations V11, V13): written once per
 * source ({@code ON CONFLICT (source) DO NOTHING}), sent by {@link ReturnSender} until the hospital answers
 * {@code AA}, then kept with their {@code acked_at}. One sender thread per server reads and updates them, holding no
 * transaction while it talks to a hospital.
 */
public final class JdbcReturnQueue implements ReturnQueue {
    private final DataSource dataSource;

    public JdbcReturnQueue(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A receipt to send: its row, the hospital it goes to, what it is, which attempt this is. */
    public record Due(long id, String peerBox, String kind, String controlId, byte[] message, int attempts,
                      Instant createdAt) {
    }

    /** What a hospital is still owed, for the operator. */
    public record Pending(String peerBox, int count, Instant oldest, Instant nextAttempt, Optional<String> lastError) {
    }

    /** One receipt still owed, for the operator. */
    public record Waiting(long id, String kind, String controlId, String source, Instant createdAt, int attempts,
                          Instant nextAttempt, Optional<String> lastError) {
    }

    @Override
    public void queue(BoxAddress peer, String source, String kind, String controlId, byte[] message)
        throws DependencyUnavailableException {
        queue(peer, source, kind, controlId, message, Instant.now());
    }

    /** @return true when a row was written, false when that source was queued before */
    boolean queue(BoxAddress peer, String source, String kind, String controlId, byte[] message, Instant now)
        throws DependencyUnavailableException {
        String sql = "INSERT INTO gateway_return (peer_box, source, control_id, kind, message, created_at, next_attempt)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source) DO NOTHING";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, peer.address());
            insert.setString(2, source);
            insert.setString(3, controlId);
            insert.setString(4, kind);
            insert.setBytes(5, message);
            insert.setTimestamp(6, Timestamp.from(now));
            insert.setTimestamp(7, Timestamp.from(now));
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DependencyUnavailableException("the database: the business receipt " + source
                + " could not be kept (" + e.getMessage() + ")", e);
        }
    }

    /** The receipts due at {@code now}, oldest first, at most {@code limit}. */
    List<Due> due(Instant now, int limit) throws SQLException {
        String sql = "SELECT id, peer_box, kind, control_id, message, attempts, created_at FROM gateway_return"
            + " WHERE acked_at IS NULL AND next_attempt <= ? ORDER BY id LIMIT ?";
        List<Due> due = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            select.setTimestamp(1, Timestamp.from(now));
            select.setInt(2, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    due.add(new Due(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getBytes(5), rows.getInt(6), rows.getTimestamp(7).toInstant()));
                }
            }
        }
        return due;
    }

    void acked(long id, Instant at, int attempts) throws SQLException {
        update("UPDATE gateway_return SET acked_at = ?, attempts = ?, last_error = NULL WHERE id = ?",
            Timestamp.from(at), attempts, id);
    }

    void failed(long id, int attempts, Instant next, String error) throws SQLException {
        update("UPDATE gateway_return SET attempts = ?, next_attempt = ?, last_error = ? WHERE id = ?",
            attempts, Timestamp.from(next), truncated(error), id);
    }

    /** Kept, not sent, not counted as an attempt: the hospital has no return address. */
    void held(long id, Instant next, String why) throws SQLException {
        update("UPDATE gateway_return SET next_attempt = ?, last_error = ? WHERE id = ?", Timestamp.from(next),
            truncated(why), id);
    }

    /** Every receipt still owed is due now: a start tries them all at once, whatever their backoff. */
    int allDue(Instant now) throws SQLException {
        return update("UPDATE gateway_return SET next_attempt = ? WHERE acked_at IS NULL AND next_attempt > ?",
            Timestamp.from(now), Timestamp.from(now));
    }

    /** Per hospital, what is still owed. */
    public List<Pending> pending() throws SQLException {
        String sql = "SELECT p.peer_box, p.count, p.oldest, p.next_attempt,"
            + " (SELECT z.last_error FROM gateway_return z WHERE z.peer_box = p.peer_box AND z.acked_at IS NULL"
            + " AND z.last_error IS NOT NULL ORDER BY z.id DESC LIMIT 1)"
            + " FROM (SELECT peer_box, count(*) AS count, min(created_at) AS oldest, min(next_attempt) AS next_attempt"
            + " FROM gateway_return WHERE acked_at IS NULL GROUP BY peer_box) p ORDER BY p.peer_box";
        List<Pending> pending = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql);
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                pending.add(new Pending(rows.getString(1), rows.getInt(2), rows.getTimestamp(3).toInstant(),
                    rows.getTimestamp(4).toInstant(), Optional.ofNullable(rows.getString(5))));
            }
        }
        return pending;
    }

    /** The receipts still owed to one hospital, oldest first, at most {@code limit}. */
    public List<Waiting> waiting(String peerBox, int limit) throws SQLException {
        String sql = "SELECT id, kind, control_id, source, created_at, attempts, next_attempt, last_error"
            + " FROM gateway_return WHERE peer_box = ? AND acked_at IS NULL ORDER BY id LIMIT ?";
        List<Waiting> waiting = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, peerBox);
            select.setInt(2, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    waiting.add(new Waiting(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getTimestamp(5).toInstant(), rows.getInt(6), rows.getTimestamp(7).toInstant(),
                        Optional.ofNullable(rows.getString(8))));
                }
            }
        }
        return waiting;
    }

    /** When the latest receipt was turned into a ZAM, if one ever was: where the forwarder looks from after a start. */
    Optional<Instant> latestForwarded() throws SQLException {
        return instant("SELECT max(created_at) FROM gateway_return WHERE source LIKE 'receipt:%'");
    }

    /** When the gateway's first mail was registered, if any: no receipt about one can be older. */
    Optional<Instant> firstGatewayMail() throws SQLException {
        return instant("SELECT min(created_at) FROM gateway_mail");
    }

    private Optional<Instant> instant(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql);
             ResultSet rows = select.executeQuery()) {
            return rows.next() && rows.getTimestamp(1) != null ? Optional.of(rows.getTimestamp(1).toInstant())
                : Optional.empty();
        }
    }

    private int update(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            return update.executeUpdate();
        }
    }

    private static String truncated(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}
