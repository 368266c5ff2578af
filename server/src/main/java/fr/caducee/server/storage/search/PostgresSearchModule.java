package fr.caducee.server.storage.search;

import org.apache.james.mailbox.store.search.MessageSearchIndex;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.OptionalBinder;

/**
 * IMAP SEARCH and SORT answered by PostgreSQL ({@link PostgresMessageSearchIndex}), fed in the store's own
 * transactions ({@link PostgresMessageIndexing}, which replaces the store's default of indexing nothing). Needs the
 * store's {@code javax.sql.DataSource} and {@code MessageId.Factory}.
 */
public class PostgresSearchModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(PostgresMessageIndexing.class).in(Scopes.SINGLETON);
        OptionalBinder.newOptionalBinder(binder(), MessageIndexing.class).setBinding()
            .to(PostgresMessageIndexing.class);
        bind(PostgresMessageSearchIndex.class).in(Scopes.SINGLETON);
        bind(MessageSearchIndex.class).to(PostgresMessageSearchIndex.class);
    }
}
