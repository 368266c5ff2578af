package fr.caducee.server.directory;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;

import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.lifecycle.api.Startable;
import org.apache.james.mailbox.Authorizator;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.utils.GuiceProbe;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.utils.PropertiesProvider;
import org.apache.james.webadmin.Routes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Ticker;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.multibindings.ProvidesIntoSet;

import fr.caducee.directory.ldap.Pbkdf2Password;
import fr.caducee.domain.directory.CachedDirectory;
import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.PasswordScheme;
import fr.caducee.domain.directory.TrustedDomains;
import fr.caducee.domain.directory.store.BoxChanges;
import fr.caducee.domain.directory.store.DirectoryStore;
import fr.caducee.domain.directory.store.ObservedDirectoryStore;
import fr.caducee.rules.senders.RegisteredSoftware;
import fr.caducee.rules.transport.MailClientLogins;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

/**
 * The directory (professionals, structures, boxes, patients) as the server's source of accounts: embedded or
 * external LDAP per {@code directory.properties}, a bounded-freshness cache in front, James's users repository and
 * login delegation (ORG boxes) on top, and the {@code /directory} administration routes.
 */
public class DirectoryModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(DirectoryModule.class);

    @Override
    protected void configure() {
        bind(CachedDirectory.class).toProvider(CachedDirectoryProvider.class).in(Scopes.SINGLETON);
        bind(Directory.class).to(CachedDirectory.class);
        bind(DirectoryUsersDAO.class).in(Scopes.SINGLETON);
        bind(DirectoryUsersRepository.class).in(Scopes.SINGLETON);
        bind(UsersRepository.class).to(DirectoryUsersRepository.class);
        bind(MailClientLogins.class).to(DirectoryUsersRepository.class);
        bind(DirectoryPasswords.class).in(Scopes.SINGLETON);
        bind(BoxDelegationAuthorizator.class).in(Scopes.SINGLETON);
        bind(Authorizator.class).to(BoxDelegationAuthorizator.class);
        Multibinder<Routes> routes = Multibinder.newSetBinder(binder(), Routes.class);
        routes.addBinding().to(DirectoryRoutes.class);
        routes.addBinding().to(RepresentativeRoutes.class);
        routes.addBinding().to(ImportRoutes.class);
        routes.addBinding().to(WhitelistRoutes.class);
        Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(DirectoryProbe.class);
        // Who is told of the writes of professional boxes (the publication to the national directory): none by default.
        OptionalBinder.newOptionalBinder(binder(), BoxChanges.class).setDefault().toInstance(BoxChanges.NONE);
        // Made by Guice, not by a @Provides method: James calls @PreDestroy only on the objects Guice constructs.
        bind(Lifecycle.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    DirectorySettings settings(PropertiesProvider properties, Settings settings) throws Exception {
        return DirectorySettings.from(properties.getConfiguration("directory"),
            settings.secret(Setting.DIRECTORY_PASSWORD).orElse(null));
    }

    @Provides
    @Singleton
    DirectoryStore store(Lifecycle lifecycle, BoxChanges changes) {
        return ObservedDirectoryStore.of(lifecycle.backend.store(), changes);
    }

    @Provides
    @Singleton
    PasswordScheme passwordScheme(DirectorySettings settings) {
        int iterations = settings.passwordIterations();
        return new PasswordScheme() {
            @Override
            public String hash(String password) {
                return Pbkdf2Password.hash(password, iterations);
            }

            @Override
            public boolean verify(String password, String storedHash) {
                return Pbkdf2Password.verify(password, storedHash);
            }
        };
    }

    /** The X-MSS-NIL of a message sent by an APP box (the rule is in {@link RegisteredSoftware}). */
    @Provides
    @Singleton
    RegisteredSoftware registeredSoftware(Directory directory) {
        return RegisteredSoftware.inDirectory(directory);
    }

    @ProvidesIntoSet
    InitializationOperation configureUsers(ConfigurationProvider configurationProvider, DirectoryUsersRepository users) {
        return InitilizationOperationBuilder.forClass(DirectoryUsersRepository.class)
            .init(() -> users.configure(configurationProvider.getConfiguration("usersrepository")));
    }

    static class CachedDirectoryProvider implements Provider<CachedDirectory> {
        private final DirectoryStore store;
        private final TrustedDomains trustedDomains;
        private final PasswordScheme passwords;
        private final DirectorySettings settings;
        private final Lifecycle lifecycle;

        @Inject
        CachedDirectoryProvider(DirectoryStore store, TrustedDomains trustedDomains, PasswordScheme passwords,
                                DirectorySettings settings, Lifecycle lifecycle) {
            this.store = store;
            this.trustedDomains = trustedDomains;
            this.passwords = passwords;
            this.settings = settings;
            this.lifecycle = lifecycle;
        }

        @Override
        public CachedDirectory get() {
            return new CachedDirectory(store, trustedDomains, passwords,
                new CachedDirectory.CacheSettings(settings.freshness(), settings.cacheEntries()),
                lifecycle.refreshExecutor, Ticker.systemTicker());
        }
    }

    /** Closes the store (and the embedded server, which syncs its journal) when the server stops. */
    static final class Lifecycle implements Startable {
        private final DirectoryBackend backend;
        private final ExecutorService refreshExecutor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "directory-cache-refresh");
            thread.setDaemon(true);
            return thread;
        });

        @Inject
        Lifecycle(DirectorySettings settings, JamesDirectoriesProvider directories) throws Exception {
            this.backend = DirectoryBackend.open(settings, Path.of(directories.getVarDirectory()));
        }

        @PreDestroy
        void stop() {
            refreshExecutor.shutdownNow();
            backend.close();
            LOGGER.info("Directory closed");
        }
    }
}
