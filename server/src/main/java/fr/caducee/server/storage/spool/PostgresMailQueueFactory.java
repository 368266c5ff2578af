package fr.caducee.server.storage.spool;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.sql.DataSource;

import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableSet;

import fr.caducee.server.storage.SchemaMigrations;

/**
 * James's mail queues in PostgreSQL's {@code caducee_spool} table ({@link PostgresMailQueue}).
 *
 * <p>At start, mails an earlier JVM had claimed and not finished (it was killed while a mailet ran) are given back to
 * their queue: they are processed again, at worst a second time, never lost. Mails an earlier JVM held at acceptance
 * and neither released nor withdrawn (it was killed between the spool and the 250) are settled by the audit trail:
 * released when it holds their {@code ACCEPTED} record, deleted otherwise, as their client never read 250 and sends
 * them again. One JVM writes a spool: a second server on the same database would release the first one's claims.
 */
public class PostgresMailQueueFactory implements MailQueueFactory<PostgresMailQueue> {
    private static final Logger LOGGER = LoggerFactory.getLogger(PostgresMailQueueFactory.class);

    private final DataSource database;
    private final MailQueueItemDecoratorFactory decorators;
    private final Clock clock;
    private final AcceptanceRecords acceptances;
    private final UUID jvm = UUID.randomUUID();
    private final ConcurrentMap<MailQueueName, PostgresMailQueue> queues = new ConcurrentHashMap<>();

    @Inject
    public PostgresMailQueueFactory(DataSource database, MailQueueItemDecoratorFactory decorators,
                                    AcceptanceRecords acceptances) {
        this(database, decorators, Clock.systemUTC(), acceptances);
    }

    public PostgresMailQueueFactory(DataSource database, MailQueueItemDecoratorFactory decorators) {
        this(database, decorators, Clock.systemUTC(), AcceptanceRecords.NONE);
    }

    PostgresMailQueueFactory(DataSource database, MailQueueItemDecoratorFactory decorators, Clock clock) {
        this(database, decorators, clock, AcceptanceRecords.NONE);
    }

    PostgresMailQueueFactory(DataSource database, MailQueueItemDecoratorFactory decorators, Clock clock,
                             AcceptanceRecords acceptances) {
        this.database = database;
        this.decorators = decorators;
        this.clock = clock;
        this.acceptances = acceptances;
        requirePostgres(database);
        SchemaMigrations.apply(database);
        settleEarlierHolds();
        releaseEarlierClaims();
    }

    @Override
    public Optional<PostgresMailQueue> getQueue(MailQueueName name, PrefetchCount count) {
        return Optional.ofNullable(queues.get(name));
    }

    @Override
    public PostgresMailQueue createQueue(MailQueueName name, PrefetchCount count) {
        return queues.computeIfAbsent(name, queue -> new PostgresMailQueue(queue, database, jvm, decorators, clock));
    }

    @Override
    public Set<MailQueueName> listCreatedMailQueues() {
        return ImmutableSet.copyOf(queues.keySet());
    }

    /** Before the database closes: the workers stop claiming, a mail in a mailet's hands stays claimed till next start. */
    @PreDestroy
    public void stop() {
        queues.values().forEach(PostgresMailQueue::stop);
    }

    /**
     * The mails an earlier JVM held at acceptance: released if the trail recorded their acceptance (they may have been
     * answered 250), deleted otherwise (they were not: no record, no 250).
     */
    private void settleEarlierHolds() {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(true);
            Map<String, Long> held = new HashMap<>();
            Instant oldest = clock.instant();
            try (PreparedStatement list = connection.prepareStatement("SELECT id, mail_name, created FROM caducee_spool "
                     + "WHERE awaiting_record AND claimed_by <> ?")) {
                list.setObject(1, jvm);
                try (ResultSet rows = list.executeQuery()) {
                    while (rows.next()) {
                        held.put(rows.getString("mail_name"), rows.getLong("id"));
                        Instant created = rows.getTimestamp("created").toInstant();
                        oldest = created.isBefore(oldest) ? created : oldest;
                    }
                }
            }
            if (held.isEmpty()) {
                return;
            }
            // The record follows the row by milliseconds; the margin covers a clock that moved between the two.
            Set<String> recorded = acceptances.recorded(Set.copyOf(held.keySet()), oldest.minus(Duration.ofMinutes(5)));
            int released = 0;
            int withdrawn = 0;
            for (Map.Entry<String, Long> mail : held.entrySet()) {
                boolean accepted = recorded.contains(mail.getKey());
                try (PreparedStatement settle = connection.prepareStatement(accepted
                         ? "UPDATE caducee_spool SET claimed_by = NULL, claimed_at = NULL, awaiting_record = false, "
                             + "updated = now() WHERE id = ?"
                         : "DELETE FROM caducee_spool WHERE id = ?")) {
                    settle.setLong(1, mail.getValue());
                    settle.executeUpdate();
                }
                if (accepted) {
                    released++;
                } else {
                    withdrawn++;
                }
            }
            LOGGER.info("Spool: of {} mail(s) being accepted when the server last stopped, {} recorded in the audit "
                + "trail are queued, {} not recorded (never answered 250) are withdrawn", held.size(), released, withdrawn);
        } catch (SQLException e) {
            throw new IllegalStateException("the spool (table caducee_spool) cannot be read: " + e.getMessage(), e);
        }
    }

    private void releaseEarlierClaims() {
        try (Connection connection = database.getConnection();
             PreparedStatement release = connection.prepareStatement("UPDATE caducee_spool SET claimed_by = NULL, "
                 + "claimed_at = NULL, updated = now() WHERE claimed_by IS NOT NULL AND claimed_by <> ? "
                 + "AND NOT awaiting_record")) {
            connection.setAutoCommit(true);
            release.setObject(1, jvm);
            int released = release.executeUpdate();
            if (released > 0) {
                LOGGER.info("Spool: {} mail(s) being processed when the server last stopped are queued again", released);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the spool (table caducee_spool) cannot be read: " + e.getMessage(), e);
        }
    }

    private static void requirePostgres(DataSource database) {
        try (Connection connection = database.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            if (!"PostgreSQL".equals(product)) {
                throw new IllegalStateException("the spool needs PostgreSQL, the database is " + product
                    + ": set caducee.db.mode=managed, or caducee.db.url to a PostgreSQL database");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the spool's database cannot be reached: " + e.getMessage(), e);
        }
    }
}
