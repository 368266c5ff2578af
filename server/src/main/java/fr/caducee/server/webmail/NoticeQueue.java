package fr.caducee.server.webmail;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * The notices waiting for the relay, rows of {@code webmail_notice} in the server's PostgreSQL (migrations V6, V10).
 *
 * <p>Coalescing: a patient has at most one waiting notice (a unique index on the waiting rows); an event while one
 * waits adds nothing, since that notice will tell of it. A new notice is due at once, or {@code spacing} after the
 * patient's last sent notice, so that a patient gets at most one notice per {@code spacing} however much arrives.
 *
 * <p>Sending is claimed, not locked: {@link #claimDue} moves the due rows' next attempt past a lease, in one
 * statement with {@code FOR UPDATE SKIP LOCKED}, and commits; the relay then talks SMTP holding no transaction,
 * and records the outcome. A JVM that dies while sending leaves its claim to expire and the row is sent again (a
 * notice may come twice, never be lost); several nodes claim different rows.
 */
public final class NoticeQueue {

    /** What happened that the patient is told of (the {@code kind} column): never in the notice's text. */
    public enum Kind {
        MESSAGE, DOCUMENT;

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A claimed notice: to whom (the patient's box and their personal address), since when, which attempt. */
    public record Due(long id, String patient, Kind kind, Instant created, int attempts, Optional<String> address) {
    }

    private final DataSource dataSource;

    public NoticeQueue(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Writes a notice for the patient, unless they set no personal address or one already waits.
     *
     * @param patient the patient's box address
     * @return true when a row was written
     */
    public boolean enqueue(String patient, Kind kind, Instant now, Duration spacing) {
        String sql = "INSERT INTO webmail_notice (patient, kind, created, next_attempt)"
            + " SELECT a.patient, ?, ?, GREATEST(?, (SELECT max(n.sent_at) FROM webmail_notice n"
            + " WHERE n.patient = a.patient) + make_interval(secs => ?))"
            + " FROM webmail_account a WHERE a.patient = ? AND a.notify_address IS NOT NULL AND a.notify_address <> ''"
            + " ON CONFLICT (patient) WHERE sent_at IS NULL AND given_up IS NULL DO NOTHING";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, kind.column());
            insert.setTimestamp(2, Timestamp.from(now));
            insert.setTimestamp(3, Timestamp.from(now));
            insert.setDouble(4, spacing.toMillis() / 1000.0);
            insert.setString(5, patient.toLowerCase(Locale.ROOT));
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write the notice for " + patient + ": " + e.getMessage(), e);
        }
    }

    /**
     * Claims up to {@code limit} due notices, oldest due first, for {@code lease}; each claim counts an attempt. The
     * personal address is read now: one removed since the event leaves the notice without address.
     */
    public List<Due> claimDue(Instant now, Duration lease, int limit) {
        String sql = "UPDATE webmail_notice n SET attempts = n.attempts + 1, next_attempt = ?"
            + " WHERE n.notice_id IN (SELECT notice_id FROM webmail_notice WHERE sent_at IS NULL AND given_up IS NULL"
            + " AND next_attempt <= ? ORDER BY next_attempt LIMIT ? FOR UPDATE SKIP LOCKED)"
            + " RETURNING n.notice_id, n.patient, n.kind, n.created, n.attempts,"
            + " (SELECT a.notify_address FROM webmail_account a WHERE a.patient = n.patient)";
        List<Due> due = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement claim = connection.prepareStatement(sql)) {
            claim.setTimestamp(1, Timestamp.from(now.plus(lease)));
            claim.setTimestamp(2, Timestamp.from(now));
            claim.setInt(3, limit);
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    due.add(new Due(rows.getLong(1), rows.getString(2), Kind.valueOf(rows.getString(3)
                        .toUpperCase(Locale.ROOT)), rows.getTimestamp(4).toInstant(), rows.getInt(5),
                        Optional.ofNullable(rows.getString(6)).filter(address -> !address.isBlank())));
                }
            }
            return due;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot claim the due notices: " + e.getMessage(), e);
        }
    }

    public void sent(long id, Instant at) {
        execute("UPDATE webmail_notice SET sent_at = ?, last_error = NULL WHERE notice_id = ?", id,
            Timestamp.from(at), id);
    }

    /** Tried again at {@code next}; the error is kept for the operator. */
    public void retry(long id, Instant next, String error) {
        execute("UPDATE webmail_notice SET next_attempt = ?, last_error = ? WHERE notice_id = ?", id,
            Timestamp.from(next), truncated(error), id);
    }

    /** No longer tried; kept with its reason, and no longer waiting (a later event writes a new notice). */
    public void giveUp(long id, Instant at, String reason) {
        execute("UPDATE webmail_notice SET given_up = ?, last_error = ? WHERE notice_id = ?", id,
            Timestamp.from(at), truncated(reason), id);
    }

    /** Removes the notices sent or given up before {@code before}; returns how many. */
    public int purge(Instant before) {
        String sql = "DELETE FROM webmail_notice WHERE sent_at < ? OR given_up < ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setTimestamp(1, Timestamp.from(before));
            delete.setTimestamp(2, Timestamp.from(before));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot remove old notices: " + e.getMessage(), e);
        }
    }

    private void execute(String sql, long id, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the outcome of notice " + id + ": " + e.getMessage(), e);
        }
    }

    private static String truncated(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}
