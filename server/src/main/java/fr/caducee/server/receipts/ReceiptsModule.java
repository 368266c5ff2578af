package fr.caducee.server.receipts;

import javax.inject.Singleton;
import javax.sql.DataSource;

import org.apache.james.events.EventListener;
import org.apache.james.webadmin.Routes;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;

import fr.caducee.server.api.ApiResource;
import fr.caducee.server.storage.SchemaMigrations;

/**
 * Receipts on the sender's side: what local boxes sent and the receipts that came back, in the server's database;
 * the listener that marks a sent copy saved after its receipts; {@code GET /receipts} on the HTTPS API for the box that sent (and on WebAdmin for the operator). The mailets
 * ({@link RecordSent}, {@link RecordReceipt}) are named in mailetcontainer.xml.
 */
public class ReceiptsModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(SentCopies.class).in(Scopes.SINGLETON);
        bind(ReceiptRecorder.class).in(Scopes.SINGLETON);
        bind(ReceiptsQuery.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), EventListener.GroupEventListener.class).addBinding().to(SentCopyListener.class);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(ReceiptsRoutes.class);
        Multibinder.newSetBinder(binder(), ApiResource.class).addBinding().to(ReceiptsResource.class);
    }

    @Provides
    @Singleton
    ReceiptStore receiptStore(DataSource dataSource) {
        // Our tables at their current version, whichever store is opened first.
        SchemaMigrations.apply(dataSource);
        return new JdbcReceiptStore(dataSource);
    }
}
