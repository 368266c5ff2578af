package fr.caducee.server.storage.spool;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
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
 * their queue: they are processed again, at worst a second time, never lost. One JVM writes a spool: a second server
 * on the same database would release the first one's claims.
 */
public class PostgresMailQueueFactory implements MailQueueFactory<PostgresMailQueue> {
    private static final Logger LOGGER = LoggerFactory.getLogger(PostgresMailQueueFactory.class);

    private final DataSource database;
    private final MailQueueItemDecoratorFactory decorators;
    private final Clock clock;
    private final UUID jvm = UUID.randomUUID();
    private final ConcurrentMap<MailQueueName, PostgresMailQueue> queues = new ConcurrentHashMap<>();

    @Inject
    public PostgresMailQueueFactory(DataSource database, MailQueueItemDecoratorFactory decorators) {
        this(database, decorators, Clock.systemUTC());
    }

    PostgresMailQueueFactory(DataSource database, MailQueueItemDecoratorFactory decorators, Clock clock) {
        this.database = database;
        this.decorators = decorators;
        this.clock = clock;
        requirePostgres(database);
        SchemaMigrations.apply(database);
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

    private void releaseEarlierClaims() {
        try (Connection connection = database.getConnection();
             PreparedStatement release = connection.prepareStatement("UPDATE caducee_spool SET claimed_by = NULL, "
                 + "claimed_at = NULL, updated = now() WHERE claimed_by IS NOT NULL AND claimed_by <> ?")) {
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
