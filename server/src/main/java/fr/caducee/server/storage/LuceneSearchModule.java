package fr.caducee.server.storage;

import java.io.IOException;

import org.apache.james.events.EventListener;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;
import org.apache.james.mailbox.store.search.ListeningMessageSearchIndex;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.apache.james.modules.mailbox.ReIndexingTaskSerializationModule;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;

/** IMAP SEARCH through a Lucene index kept in its own folder, {@code var/lucene}, of the data folder. */
public class LuceneSearchModule extends AbstractModule {
    static final String INDEX_FOLDER = "file://var/lucene";

    @Override
    protected void configure() {
        install(new ReIndexingTaskSerializationModule());
        bind(LuceneMessageSearchIndex.class).in(Scopes.SINGLETON);
        bind(MessageSearchIndex.class).to(LuceneMessageSearchIndex.class);
        bind(ListeningMessageSearchIndex.class).to(LuceneMessageSearchIndex.class);
        Multibinder.newSetBinder(binder(), EventListener.ReactiveGroupEventListener.class)
            .addBinding().to(LuceneMessageSearchIndex.class);
    }

    @Provides
    @Singleton
    Directory indexDirectory(FileSystem fileSystem) throws IOException {
        return FSDirectory.open(fileSystem.getFile(INDEX_FOLDER));
    }
}
