package fr.caducee.server.annuaire;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.domain.directory.store.BoxChanges;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.identity.annuaire.BoxPatch;
import fr.caducee.identity.annuaire.Carrier;
import fr.caducee.identity.annuaire.Held;
import fr.caducee.identity.annuaire.PatchAnswer;

/**
 * The boxes waiting to be published, rows of {@code annuaire_publication} (migration V13), one per box. The
 * directory's writes mark their boxes ({@link BoxChanges}) before the write, so that a crash after it cannot lose the
 * change, with the flag {@code writing} that keeps the worker away until the write is over (made or refused: then the
 * flag is cleared and the worker woken), so that it never reads a box as it was before the change it was told of. A
 * write that never ended (the process stopped in between) is taken {@link #WRITE_GRACE} later, and at the next start.
 * {@link Publication} takes the oldest pending box, sends what it needs and records the outcome here. A row's state
 * and attempts are those of its latest change: an outcome about an earlier one ({@code seq} changed meanwhile)
 * updates what the Annuaire holds, never the row's state.
 */
public final class JdbcPublications implements BoxChanges {
    private static final Logger LOGGER = LoggerFactory.getLogger(JdbcPublications.class);
    static final String PENDING = "pending";
    static final String REFUSED = "refused";
    static final String PUBLISHED = "published";
    /** How long a write may take before its box is looked at all the same. */
    static final Duration WRITE_GRACE = Duration.ofSeconds(60);
    private static final String MARK = "INSERT INTO annuaire_publication (box, seq, state, changed_at, next_attempt,"
        + " writing) VALUES (?, nextval('annuaire_publication_seq'), 'pending', ?, ?, TRUE) ON CONFLICT (box) DO UPDATE SET"
        + " seq = EXCLUDED.seq, state = 'pending', changed_at = EXCLUDED.changed_at, attempts = 0,"
        + " next_attempt = EXCLUDED.next_attempt, last_error = NULL, outcome = NULL, writing = TRUE";
    private static final String DOUBT = "INSERT INTO annuaire_publication (box, seq, state, changed_at, next_attempt,"
        + " held_certain) VALUES (?, nextval('annuaire_publication_seq'), 'pending', ?, ?, FALSE) ON CONFLICT (box) DO"
        + " UPDATE SET seq = EXCLUDED.seq, state = 'pending', changed_at = EXCLUDED.changed_at, attempts = 0,"
        + " next_attempt = EXCLUDED.next_attempt, last_error = NULL, outcome = NULL, held_entry = NULL,"
        + " held_certain = FALSE, writing = FALSE";

    private final DataSource dataSource;
    private final Clock clock;
    private final Semaphore marked = new Semaphore(0);

    public JdbcPublications(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** A box to publish, as its row says. */
    public record Pending(BoxAddress box, long seq, int attempts, Held held) {
    }

    /** A row, for the operator. */
    public record Listed(String box, String state, int attempts, Instant changedAt, Optional<Instant> nextAttempt,
                         Optional<String> operation, Optional<Integer> lastStatus, Optional<String> lastError,
                         Optional<String> outcome, Optional<Instant> publishedAt, Optional<String> heldAt) {
    }

    @Override
    public void changing(List<BoxAddress> boxes) {
        try {
            mark(boxes, MARK);
        } catch (SQLException e) {
            throw new DirectoryUnavailableException("the change of " + boxes + " cannot be recorded for publication to "
                + "the national directory (the database: " + e.getMessage() + "); nothing was changed, try again", e);
        }
    }

    @Override
    public void changed(List<BoxAddress> boxes) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement lazily = connection.createStatement();
                 PreparedStatement written = connection.prepareStatement(
                     "UPDATE annuaire_publication SET writing = FALSE WHERE box = ?")) {
                // Not worth a flush to disk: lost in a crash, the flag is cleared at the next start.
                lazily.execute("SET LOCAL synchronous_commit = off");
                for (BoxAddress box : boxes) {
                    written.setString(1, box.address());
                    written.addBatch();
                }
                written.executeBatch();
                connection.commit();
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            // The change is recorded: the worker takes it once WRITE_GRACE has passed.
            LOGGER.warn("The end of the directory's write of {} could not be recorded; its publication waits {} s: {}",
                boxes, WRITE_GRACE.toSeconds(), e.toString());
        }
        marked.release();
    }

    /**
     * Every one of these boxes is published again as if the Annuaire's content were unknown: what the operator asks
     * when publication is turned on, or to make the Annuaire match the directory again.
     */
    public void republish(List<BoxAddress> boxes) throws SQLException {
        mark(boxes, DOUBT);
        marked.release();
    }

    private void mark(List<BoxAddress> boxes, String sql) throws SQLException {
        Timestamp now = Timestamp.from(clock.instant());
        try (Connection connection = dataSource.getConnection();
             PreparedStatement mark = connection.prepareStatement(sql)) {
            connection.setAutoCommit(false);
            try {
                for (BoxAddress box : boxes) {
                    mark.setString(1, box.address());
                    mark.setTimestamp(2, now);
                    mark.setTimestamp(3, now);
                    mark.addBatch();
                }
                mark.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** Waits at most {@code timeout} for a box to be marked; true when one was. */
    boolean awaitMarked(Duration timeout) throws InterruptedException {
        boolean any = marked.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
        marked.drainPermits();
        return any;
    }

    /** Lets a waiting worker go on (it is stopping). */
    void wake() {
        marked.release();
    }

    /** The oldest change waiting and due at {@code now}. */
    Optional<Pending> next(Instant now) throws SQLException {
        String sql = "SELECT box, seq, attempts, held_carrier, held_entry, held_certain FROM annuaire_publication"
            + " WHERE state = 'pending' AND next_attempt <= ? AND (NOT writing OR changed_at <= ?) ORDER BY seq LIMIT 1";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            select.setTimestamp(1, Timestamp.from(now));
            select.setTimestamp(2, Timestamp.from(now.minus(WRITE_GRACE)));
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                Held held = new Held(Optional.ofNullable(row.getString(4)).map(Carrier::parse),
                    Optional.ofNullable(row.getString(5)), row.getBoolean(6));
                return Optional.of(new Pending(BoxAddress.parse(row.getString(1)), row.getLong(2), row.getInt(3), held));
            }
        }
    }

    /** Where a box stands after a request: settled, refused, not decided (when to try again), or more to send. */
    sealed interface After {
        record Settled() implements After {
        }

        record Refused(String outcome) implements After {
        }

        record Deferred(Instant next) implements After {
        }

        record Continuing() implements After {
        }
    }

    /**
     * A request sent and its answer, in one statement: what the Annuaire now holds, always; the attempt, its error and
     * where the box stands, when the row still stands for the change the request was about.
     */
    void attempted(Pending pending, BoxPatch patch, PatchAnswer answer, Held held, After after, Instant at)
        throws SQLException {
        boolean published = answer instanceof PatchAnswer.Published;
        String state = after instanceof After.Settled ? PUBLISHED : after instanceof After.Refused ? REFUSED : PENDING;
        Instant next = after instanceof After.Deferred deferred ? deferred.next() : at;
        String outcome = after instanceof After.Refused refused ? truncated(refused.outcome()) : null;
        update("UPDATE annuaire_publication SET held_carrier = ?, held_entry = ?, held_certain = ?, operation = ?,"
                + " last_status = ?, published_at = CASE WHEN ? THEN ? ELSE published_at END,"
                + " attempts = CASE WHEN seq = ? THEN attempts + 1 ELSE attempts END,"
                + " last_error = CASE WHEN seq = ? THEN ? ELSE last_error END,"
                + " state = CASE WHEN seq = ? THEN ? ELSE state END,"
                + " next_attempt = CASE WHEN seq = ? THEN ? ELSE next_attempt END,"
                + " outcome = CASE WHEN seq = ? THEN ? ELSE outcome END WHERE box = ?",
            held.carrier().map(Carrier::shown).orElse(null), held.entry().orElse(null), held.certain(),
            patch.operation().code(), answer.status(), published, Timestamp.from(at),
            pending.seq(), pending.seq(), published ? null : truncated(answer.text()),
            pending.seq(), state, pending.seq(), Timestamp.from(next), pending.seq(), outcome, pending.box().address());
    }

    /**
     * Nothing to send: the Annuaire holds the box as the directory says. A box the Annuaire never heard of and should
     * not hold (created and suspended or removed before anything was sent) leaves no row: there is nothing to report.
     */
    void settled(Pending pending, boolean holdsNothing) throws SQLException {
        if (holdsNothing && update("DELETE FROM annuaire_publication WHERE box = ? AND seq = ? AND operation IS NULL",
                pending.box().address(), pending.seq()) == 1) {
            return;
        }
        update("UPDATE annuaire_publication SET state = 'published', last_error = NULL WHERE box = ? AND seq = ?",
            pending.box().address(), pending.seq());
    }

    /** Not decided before anything was sent (the directory could not be read): looked at again at {@code next}. */
    void deferred(Pending pending, Instant next, String why) throws SQLException {
        update("UPDATE annuaire_publication SET next_attempt = ?, last_error = ? WHERE box = ? AND seq = ?",
            Timestamp.from(next), truncated(why), pending.box().address(), pending.seq());
    }

    /**
     * Every box waiting is due now: a start sends them in order, whatever their backoff; no write of the directory is
     * under way at start, whatever the rows say.
     */
    int allDue() throws SQLException {
        Timestamp now = Timestamp.from(clock.instant());
        update("UPDATE annuaire_publication SET writing = FALSE WHERE writing");
        return update("UPDATE annuaire_publication SET next_attempt = ? WHERE state = 'pending' AND next_attempt > ?",
            now, now);
    }

    /** How many boxes are in each state. */
    public Map<String, Long> counts() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String state : List.of(PENDING, REFUSED, PUBLISHED)) {
            counts.put(state, 0L);
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT state, count(*) FROM annuaire_publication GROUP BY state");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    /** The rows in one state (or all), in the order they are sent, at most {@code limit}. */
    public List<Listed> list(Optional<String> state, int limit) throws SQLException {
        String sql = "SELECT box, state, attempts, changed_at, next_attempt, operation, last_status, last_error, outcome,"
            + " published_at, held_carrier FROM annuaire_publication" + (state.isPresent() ? " WHERE state = ?" : "")
            + " ORDER BY seq LIMIT ?";
        List<Listed> listed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            int index = 1;
            if (state.isPresent()) {
                select.setString(index++, state.get());
            }
            select.setInt(index, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    boolean pending = PENDING.equals(rows.getString(2));
                    int status = rows.getInt(7);
                    Optional<Integer> lastStatus = rows.wasNull() ? Optional.empty() : Optional.of(status);
                    listed.add(new Listed(rows.getString(1), rows.getString(2), rows.getInt(3),
                        rows.getTimestamp(4).toInstant(),
                        pending ? Optional.of(rows.getTimestamp(5).toInstant()) : Optional.empty(),
                        Optional.ofNullable(rows.getString(6)), lastStatus,
                        Optional.ofNullable(rows.getString(8)), Optional.ofNullable(rows.getString(9)),
                        Optional.ofNullable(rows.getTimestamp(10)).map(Timestamp::toInstant),
                        Optional.ofNullable(rows.getString(11))));
                }
            }
        }
        return listed;
    }

    private int update(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] == null) {
                    update.setNull(i + 1, Types.VARCHAR);
                } else {
                    update.setObject(i + 1, parameters[i]);
                }
            }
            return update.executeUpdate();
        }
    }

    private static String truncated(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 2000);
    }
}
