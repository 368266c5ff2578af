package fr.caducee.server.storage.spool;

import javax.inject.Singleton;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;

import fr.caducee.rules.smtp.AcceptanceSpool;

/**
 * The spool between SMTP acceptance and delivery, and RemoteDelivery's outgoing queue: tables in the server's
 * PostgreSQL ({@link PostgresMailQueueFactory}), in the same database, backups and disk as the mailboxes.
 */
public class SpoolModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(PostgresMailQueueFactory.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends ManageableMailQueue> manageableQueues(PostgresMailQueueFactory factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<?> queues(PostgresMailQueueFactory factory) {
        return factory;
    }

    /** Where SMTP acceptance holds a message until its record is written: James's {@code spool} queue. */
    @Provides
    @Singleton
    AcceptanceSpool acceptanceSpool(PostgresMailQueueFactory factory) {
        return factory.createQueue(MailQueueFactory.SPOOL);
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends MailQueue> plainQueues(PostgresMailQueueFactory factory) {
        return factory;
    }
}
