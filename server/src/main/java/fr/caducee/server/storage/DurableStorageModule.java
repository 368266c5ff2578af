package fr.caducee.server.storage;

import java.util.Locale;

import com.google.inject.AbstractModule;
import com.google.inject.Module;

/** Everything that must survive a restart or a crash: database, mail spool, mail repositories, search, conversations. */
public class DurableStorageModule extends AbstractModule {
    /** How IMAP SEARCH is answered: {@code caducee.search} = {@code scan} (default) or {@code lucene}. */
    public enum Search {
        SCAN, LUCENE;

        public static Search fromSystemProperty() {
            String value = System.getProperty("caducee.search", "scan").trim().toUpperCase(Locale.ROOT);
            try {
                return valueOf(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("caducee.search must be 'scan' or 'lucene', not '"
                    + value.toLowerCase(Locale.ROOT) + "'");
            }
        }

        Module module() {
            return this == LUCENE ? new LuceneSearchModule() : new ScanSearchModule();
        }
    }

    private final Search search;

    public DurableStorageModule(Search search) {
        this.search = search;
    }

    @Override
    protected void configure() {
        install(new DatabaseModule());
        install(new JpaDataModule());
        install(new JpaMailboxModule());
        install(search.module());
        install(new FileMailRepositoryModule());
        install(new MailQueueModule());
        install(new ConversationStoreModule());
    }
}
