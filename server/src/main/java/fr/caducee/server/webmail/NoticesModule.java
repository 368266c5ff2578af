package fr.caducee.server.webmail;

import java.time.Clock;
import java.util.List;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;
import javax.sql.DataSource;

import org.apache.james.lifecycle.api.Startable;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.ProvidesIntoSet;

import fr.caducee.audit.AuditTrail;
import fr.caducee.server.TlsMaterial;
import fr.caducee.server.settings.Settings;

/**
 * Notices to patients' personal addresses: the queue in the server's database, the relay's worker started with the
 * server (when {@code caducee.webmail.notices.relay} is set) and stopped with it. {@link NoticeOnDelivery}, named in
 * mailetcontainer.xml, is built by James's mailet loader from this injector.
 */
public class NoticesModule extends AbstractModule {
    private final NoticeSettings settings;

    /** Reads and checks the settings now, so that a wrong one stops the start before anything runs. */
    public NoticesModule(Settings settings, List<String> hostNames) {
        this(NoticeSettings.from(settings, hostNames));
    }

    NoticesModule(NoticeSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(NoticeSettings.class).toInstance(settings);
        // Made by Guice, not by a @Provides method: James calls @PreDestroy only on the objects Guice constructs.
        bind(Lifecycle.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    NoticeQueue queue(DataSource dataSource) {
        return new NoticeQueue(dataSource);
    }

    @Provides
    @Singleton
    NoticeRelay relay(NoticeQueue queue, TlsMaterial tls, AuditTrail trail) {
        NoticeRelay.Transport transport = settings.enabled() ? new RelayTransport(settings, tls.anchors()) : null;
        return new NoticeRelay(settings, queue, transport, trail, Clock.systemUTC());
    }

    @ProvidesIntoSet
    InitializationOperation startRelay(Lifecycle lifecycle) {
        return InitilizationOperationBuilder.forClass(Lifecycle.class).init(lifecycle::start);
    }

    /** Stops the worker when the server stops; what it has not sent waits in the database. */
    static final class Lifecycle implements Startable {
        private final NoticeRelay relay;

        @Inject
        Lifecycle(NoticeRelay relay) {
            this.relay = relay;
        }

        void start() {
            relay.start();
        }

        @PreDestroy
        void stop() throws InterruptedException {
            relay.stop();
        }
    }
}
