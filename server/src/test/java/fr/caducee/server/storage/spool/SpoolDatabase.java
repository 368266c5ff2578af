package fr.caducee.server.storage.spool;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;

import fr.caducee.server.storage.TestDatabase;

/** A real PostgreSQL for the spool's tests, one per test class, through a small pool as in the server. */
final class SpoolDatabase extends TestDatabase {
    SpoolDatabase() {
        super(16);
    }

    private static final AtomicInteger QUEUES = new AtomicInteger();

    /** The spool emptied, and a factory of queues on it for one test (stop it after the test). */
    PostgresMailQueueFactory emptyFactory() throws Exception {
        empty();
        return new PostgresMailQueueFactory(dataSource(), new RawMailQueueItemDecoratorFactory());
    }

    /**
     * A queue name no other test of this JVM used: a worker a test left subscribed cannot take the next test's
     * mails.
     */
    static MailQueueName freshQueueName(String prefix) {
        return MailQueueName.of(prefix + "-" + QUEUES.incrementAndGet());
    }

    /** The spool's rows of the previous test removed (once its table exists). */
    void empty() throws Exception {
        execute("DO $$ BEGIN IF to_regclass('caducee_spool') IS NOT NULL THEN DELETE FROM caducee_spool; END IF; END $$");
    }
}
