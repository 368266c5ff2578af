package fr.caducee.server.storage;

import java.nio.file.Path;

import org.apache.james.filesystem.api.JamesDirectoriesProvider;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.ProvidesIntoSet;

import fr.caducee.rules.transport.StorageSpace;
import fr.caducee.server.storage.mailbox.PostgresMailboxModule;
import fr.caducee.server.storage.search.PostgresSearchModule;
import fr.caducee.server.storage.spool.SpoolModule;

/**
 * Everything that must survive a restart or a crash: database, mail spool, mail repositories, search, conversations;
 * and the free space left for them ({@code var/} of the data folder, watched with the other {@link StoredFolder}s).
 */
public class DurableStorageModule extends AbstractModule {
    @Override
    protected void configure() {
        install(new DatabaseModule());
        install(new JpaDataModule());
        install(new PostgresMailboxModule());
        install(new PostgresSearchModule());
        install(new FileMailRepositoryModule());
        install(new SpoolModule());
        install(new ConversationStoreModule());
        bind(StorageSpace.class).to(DataFolderSpace.class).in(Scopes.SINGLETON);
    }

    /** The managed database, the spool and the mail repositories all live under {@code var/}. */
    @ProvidesIntoSet
    StoredFolder varFolder(JamesDirectoriesProvider directories) {
        return new StoredFolder(Path.of(directories.getVarDirectory()));
    }
}
