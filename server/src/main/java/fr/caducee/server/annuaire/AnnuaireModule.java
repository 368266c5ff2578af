package fr.caducee.server.annuaire;

import java.time.Clock;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;
import javax.sql.DataSource;

import org.apache.james.lifecycle.api.Startable;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.webadmin.Routes;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.multibindings.ProvidesIntoSet;

import fr.caducee.audit.AuditTrail;
import fr.caducee.domain.directory.store.BoxChanges;
import fr.caducee.domain.directory.store.DirectoryStore;
import fr.caducee.identity.annuaire.AnnuaireClient;
import fr.caducee.server.TlsMaterial;
import fr.caducee.server.settings.Settings;
import fr.caducee.server.storage.SchemaMigrations;

/**
 * The publication of the boxes to the national directory (docs/IDENTITY.md, "Publication to the national directory"):
 * the directory's writes observed through {@link BoxChanges} (only when {@code caducee.annuaire.url} is set: off,
 * nothing is recorded), the queue, the worker (started with the server when publication is on, stopped with it),
 * WebAdmin's {@code /annuaire} routes.
 */
public class AnnuaireModule extends AbstractModule {

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), BoxChanges.class).setBinding().toProvider(ChangesProvider.class);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(AnnuaireRoutes.class);
        // Made by Guice, not by a @Provides method: James calls @PreDestroy only on the objects Guice constructs.
        bind(Lifecycle.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    AnnuaireSettings settings(Settings settings) {
        return AnnuaireSettings.from(settings);
    }

    @Provides
    @Singleton
    JdbcPublications publications(DataSource database) {
        // Our tables at their current version, whichever store is opened first.
        SchemaMigrations.apply(database);
        return new JdbcPublications(database, Clock.systemUTC());
    }

    @ProvidesIntoSet
    InitializationOperation startPublication(Lifecycle lifecycle) {
        return InitilizationOperationBuilder.forClass(Lifecycle.class).init(lifecycle::start);
    }

    /** The queue, as the directory's observer, when publication is on; no observer at all when it is off. */
    static final class ChangesProvider implements Provider<BoxChanges> {
        private final AnnuaireSettings settings;
        private final Provider<JdbcPublications> queue;

        @Inject
        ChangesProvider(AnnuaireSettings settings, Provider<JdbcPublications> queue) {
            this.settings = settings;
            this.queue = queue;
        }

        @Override
        public BoxChanges get() {
            return settings.on() ? queue.get() : BoxChanges.NONE;
        }
    }

    /** Publishes while the server runs, stopped before the database it writes to; what is not sent waits there. */
    static final class Lifecycle implements Startable {
        private final Publication publication;

        @Inject
        Lifecycle(AnnuaireSettings settings, Provider<JdbcPublications> queue, DirectoryStore directory,
                  AuditTrail trail, TlsMaterial tls) {
            this.publication = settings.on() ? new Publication(queue.get(), directory, new AnnuaireClient(
                settings.url().orElseThrow(), settings.tls(tls), settings.timeout(), settings.apiKey()), trail,
                settings.backoff(), Clock.systemUTC()) : null;
        }

        void start() {
            if (publication != null) {
                publication.start();
            }
        }

        @PreDestroy
        void stop() throws InterruptedException {
            if (publication != null) {
                publication.stop();
            }
        }
    }
}
