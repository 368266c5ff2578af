package fr.caducee.server.storage.mailbox;

import java.sql.Connection;
import java.sql.SQLException;

import javax.inject.Inject;
import javax.sql.DataSource;

import org.apache.james.mailbox.exception.MailboxException;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The mailbox store's access to the pool: a read runs on a connection in auto-commit (one round trip per statement,
 * no BEGIN/COMMIT); a change runs in one transaction, committed at the end or rolled back on any failure.
 */
public final class MailboxDatabase {
    /** Work on one connection. */
    public interface Work<T> {
        T run(Connection connection) throws SQLException, MailboxException;
    }

    private final DataSource dataSource;

    @Inject
    public MailboxDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public <T> T read(String what, Work<T> work) throws MailboxException {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new MailboxException("Could not " + what, e);
        }
    }

    public <T> T transaction(String what, Work<T> work) throws MailboxException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | MailboxException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new MailboxException("Could not " + what, e);
        }
    }

    /** For the reactive mappers: the blocking work on a thread made for it. */
    public <T> Mono<T> readLater(String what, Work<T> work) {
        return Mono.fromCallable(() -> read(what, work)).subscribeOn(Schedulers.boundedElastic());
    }

    public <T> Mono<T> transactionLater(String what, Work<T> work) {
        return Mono.fromCallable(() -> transaction(what, work)).subscribeOn(Schedulers.boundedElastic());
    }
}
