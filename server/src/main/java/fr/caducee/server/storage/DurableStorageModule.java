package fr.caducee.server.storage;

import com.google.inject.AbstractModule;

/** Everything that must survive a restart or a crash: database, mail spool, mail repositories, search index. */
public class DurableStorageModule extends AbstractModule {
    @Override
    protected void configure() {
        install(new DatabaseModule());
        install(new JpaDataModule());
        install(new JpaMailboxModule());
        install(new LuceneSearchModule());
        install(new FileMailRepositoryModule());
        install(new MailQueueModule());
    }
}
