package fr.caducee.server.api;

import java.net.InetSocketAddress;
import java.util.Set;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.lifecycle.api.Startable;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

import fr.caducee.audit.AuditTrail;
import fr.caducee.server.TlsMaterial;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

/**
 * The HTTPS API listener ({@link ApiListener}) on {@code caducee.api.bind}, started with the server and stopped
 * with it. Resources join it through the {@link ApiResource} set (or {@link AnonymousResource}), one line per
 * resource.
 */
public class ApiModule extends AbstractModule {

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), ApiResource.class);
        Multibinder.newSetBinder(binder(), AnonymousResource.class);
        // Made by Guice, not by a @Provides method: James calls @PreDestroy only on the objects Guice constructs.
        bind(Lifecycle.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    ApiListener listener(Settings settings, TlsMaterial tls, Set<ApiResource> resources,
                         Set<AnonymousResource> anonymous, CallerAuthentication authentication, AuditTrail audit)
            throws Exception {
        return new ApiListener(bind(settings), tls, resources, anonymous, authentication, audit);
    }

    static InetSocketAddress bind(Settings settings) {
        String value = settings.text(Setting.API_BIND);
        int colon = value.lastIndexOf(':');
        return new InetSocketAddress(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
    }

    @ProvidesIntoSet
    InitializationOperation startListener(Lifecycle lifecycle) {
        return InitilizationOperationBuilder.forClass(Lifecycle.class).init(lifecycle::start);
    }

    /** Stops taking requests when the server stops. */
    static final class Lifecycle implements Startable {
        private final ApiListener listener;

        @Inject
        Lifecycle(ApiListener listener) {
            this.listener = listener;
        }

        void start() throws Exception {
            listener.start();
        }

        @PreDestroy
        void stop() throws Exception {
            listener.stop();
        }
    }
}
