package fr.caducee.server.storage;

import java.nio.file.Path;

import org.apache.james.filesystem.api.JamesDirectoriesProvider;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Scopes;
import com.google.inject.multibindings.ProvidesIntoSet;

import fr.caducee.rules.transport.StorageSpace;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;
import fr.caducee.server.storage.spool.SpoolModule;

/**
 * Everything that must survive a restart or a crash: database, mail spool, mail repositories, search, conversations;
 * and the free space left for them ({@code var/} of the data folder, watched with the other {@link StoredFolder}s).
 */
public class DurableStorageModule extends AbstractModule {
    /** How IMAP SEARCH is answered: {@code caducee.search} = {@code scan} (default) or {@code lucene}. */
    public enum Search {
        SCAN, LUCENE;

        public static Search from(Settings settings) {
            return settings.choice(Setting.SEARCH, Search.class, "scan or lucene");
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
        install(new SpoolModule());
        install(new ConversationStoreModule());
        bind(StorageSpace.class).to(DataFolderSpace.class).in(Scopes.SINGLETON);
    }

    /** The embedded database, the spool, the mail repositories and the search index all live under {@code var/}. */
    @ProvidesIntoSet
    StoredFolder varFolder(JamesDirectoriesProvider directories) {
        return new StoredFolder(Path.of(directories.getVarDirectory()));
    }
}
