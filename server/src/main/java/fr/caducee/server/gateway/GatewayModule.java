package fr.caducee.server.gateway;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;

import javax.annotation.PreDestroy;
import javax.inject.Singleton;
import javax.sql.DataSource;

import org.apache.james.lifecycle.api.Startable;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

import fr.caducee.audit.AuditTrail;
import fr.caducee.domain.directory.Directory;
import fr.caducee.gateway.Gateway;
import fr.caducee.gateway.MessageRoute;
import fr.caducee.gateway.message.Acknowledgements;
import fr.caducee.gateway.message.Hl7Reader;
import fr.caducee.gateway.port.Outbox;
import fr.caducee.server.BoxCertificates;
import fr.caducee.server.TlsMaterial;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;
import fr.caducee.server.storage.SchemaMigrations;
import fr.caducee.server.submission.LoopbackSubmission;
import fr.caducee.server.submission.OwnCertificate;
import fr.caducee.server.submission.SingleUseTickets;
import fr.caducee.server.submission.SubmissionEndpoint;

/**
 * The hospital gateway in the server (docs/GATEWAY.md): its settings checked at start ({@link GatewaySettings}), the
 * hospitals ({@link HospitalPeers}), the store of answers and mails, the outbox through the submission chain, the
 * {@link Gateway} with the routes of the {@link MessageRoute} set (one line per route:
 * {@code Multibinder.newSetBinder(binder(), MessageRoute.class).addBinding().to(X.class)}), and its MLLP listeners,
 * started and stopped with the server when configured. {@link GatewayDuplicates} is named in mailetcontainer.xml.
 */
public class GatewayModule extends AbstractModule {
    /** The chain reads the message and may ask the directory and the database: give it time, less than a hospital's. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), MessageRoute.class);
    }

    @Provides
    @Singleton
    GatewaySettings settings(Settings settings) {
        return GatewaySettings.from(settings);
    }

    @Provides
    @Singleton
    GatewayMails mails(DataSource database) {
        // Our tables at their current version, whichever store is opened first.
        SchemaMigrations.apply(database);
        return new GatewayMails(database);
    }

    @Provides
    @Singleton
    JdbcAnswers answers(DataSource database) {
        SchemaMigrations.apply(database);
        return new JdbcAnswers(database);
    }

    @Provides
    @Singleton
    HospitalPeers peers(GatewaySettings settings, Directory directory, BoxCertificates certificates) {
        return new HospitalPeers(settings.hospitals(), directory, certificates, Clock.systemUTC());
    }

    @Provides
    @Singleton
    LoopbackSubmission submission(SubmissionEndpoint.Lookup listener, TlsMaterial tls, SingleUseTickets tickets,
                                  Settings settings) throws Exception {
        return new LoopbackSubmission(listener, OwnCertificate.socketFactory(tls), tickets,
            settings.text(Setting.DEFAULT_DOMAIN), ANSWER_TIMEOUT, true);
    }

    @Provides
    @Singleton
    Outbox outbox(GatewayMails mails, LoopbackSubmission submission) {
        return new GatewayOutbox(mails, submission, Clock.systemUTC());
    }

    @Provides
    @Singleton
    Gateway gateway(HospitalPeers peers, JdbcAnswers answers, AuditTrail audit, Set<MessageRoute> routes) {
        return new Gateway(new Hl7Reader(), new Acknowledgements(), peers, answers, audit, new ArrayList<>(routes),
            Clock.systemUTC());
    }

    @Provides
    @Singleton
    MllpListener listener(GatewaySettings settings, TlsMaterial tls, HospitalPeers peers, Gateway gateway) {
        return new MllpListener(settings, tls, peers, gateway);
    }

    @Provides
    @Singleton
    Lifecycle lifecycle(GatewaySettings settings, HospitalPeers peers, MllpListener listener,
                        LoopbackSubmission submission) {
        return new Lifecycle(settings, peers, listener, submission);
    }

    @ProvidesIntoSet
    InitializationOperation start(Lifecycle lifecycle) {
        return InitilizationOperationBuilder.forClass(Lifecycle.class).init(lifecycle::start);
    }

    /** Checks the hospitals and opens the listeners when one is configured; closes them when the server stops. */
    static final class Lifecycle implements Startable {
        private final GatewaySettings settings;
        private final HospitalPeers peers;
        private final MllpListener listener;
        private final LoopbackSubmission submission;

        Lifecycle(GatewaySettings settings, HospitalPeers peers, MllpListener listener, LoopbackSubmission submission) {
            this.settings = settings;
            this.peers = peers;
            this.listener = listener;
            this.submission = submission;
        }

        void start() throws Exception {
            if (!settings.listening()) {
                return;
            }
            peers.checkAtStart();
            listener.start();
        }

        @PreDestroy
        void stop() {
            listener.stop();
            submission.close();
        }
    }
}
