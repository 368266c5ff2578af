package fr.caducee.server.storage;

import java.io.IOException;

import org.apache.james.events.EventListener;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.mailbox.indexer.ReIndexer;
import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;
import org.apache.james.mailbox.store.search.ListeningMessageSearchIndex;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.modules.mailbox.ReIndexingTaskSerializationModule;
import org.apache.james.modules.server.ReIndexingModule;
import org.apache.james.modules.server.WebAdminReIndexingTaskSerializationModule;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.mailbox.tools.indexer.ReIndexerImpl;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * IMAP SEARCH through a Lucene index in its own folder, {@code var/lucene} of the data folder, committed and
 * recovered by {@link SearchIndexDurability}. Selected with {@code caducee.search=lucene}, for very large mailboxes.
 *
 * <p>Not the default: James's Lucene index matches header words by prefix on the raw header, so RFC 2047 encoded
 * subjects (any accented subject) are not found by their words. See {@link ScanSearchModule}.
 */
public class LuceneSearchModule extends AbstractModule {
    static final String INDEX_FOLDER = "file://var/lucene";

    @Override
    protected void configure() {
        install(new ReIndexingTaskSerializationModule());
        // Re-indexing (on demand through WebAdmin /mailboxes?task=reIndex, or after a crash) only exists with an index.
        bind(ReIndexerImpl.class).in(Scopes.SINGLETON);
        bind(ReIndexer.class).to(ReIndexerImpl.class);
        install(new ReIndexingModule());
        install(new WebAdminReIndexingTaskSerializationModule());
        bind(LuceneMessageSearchIndex.class).in(Scopes.SINGLETON);
        bind(SearchIndexDurability.class).in(Scopes.SINGLETON);
        bind(MessageSearchIndex.class).to(LuceneMessageSearchIndex.class);
        bind(ListeningMessageSearchIndex.class).to(LuceneMessageSearchIndex.class);
        Multibinder.newSetBinder(binder(), EventListener.ReactiveGroupEventListener.class)
            .addBinding().to(LuceneMessageSearchIndex.class);
    }

    @ProvidesIntoSet
    InitializationOperation keepIndexDurable(SearchIndexDurability durability) {
        return InitilizationOperationBuilder.forClass(SearchIndexDurability.class).init(durability::start);
    }

    @Provides
    @Singleton
    Directory indexDirectory(FileSystem fileSystem) throws IOException {
        return FSDirectory.open(fileSystem.getFile(INDEX_FOLDER));
    }
}
