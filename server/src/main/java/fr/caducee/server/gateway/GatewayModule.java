package fr.caducee.server.gateway;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;
import javax.sql.DataSource;

import org.apache.james.lifecycle.api.Startable;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.webadmin.Routes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

import fr.caducee.audit.AuditTrail;
import fr.caducee.domain.directory.Directory;
import fr.caducee.gateway.Gateway;
import fr.caducee.gateway.MessageRoute;
import fr.caducee.gateway.admission.AdmissionReader;
import fr.caducee.gateway.admission.AdmissionRoute;
import fr.caducee.gateway.admission.EdNotifications;
import fr.caducee.gateway.message.Acknowledgements;
import fr.caducee.gateway.message.Hl7Reader;
import fr.caducee.gateway.port.EdArrivals;
import fr.caducee.gateway.port.Outbox;
import fr.caducee.identity.login.BoxCertificates;
import fr.caducee.server.TlsMaterial;
import fr.caducee.server.api.ApiResource;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;
import fr.caducee.server.storage.SchemaMigrations;
import fr.caducee.server.submission.LoopbackSubmission;
import fr.caducee.server.submission.OwnCertificate;
import fr.caducee.server.submission.SingleUseTickets;
import fr.caducee.server.submission.SubmissionEndpoint;
import fr.caducee.trust.certificate.CertificateValidator;

/**
 * The hospital gateway in the server (docs/GATEWAY.md): its settings checked at start ({@link GatewaySettings}), the
 * hospitals ({@link HospitalPeers}), the store of answers and mails, the outbox through the submission chain, the
 * {@link Gateway} with the routes of the {@link MessageRoute} set (one line per route:
 * {@code Multibinder.newSetBinder(binder(), MessageRoute.class).addBinding().to(X.class)}; the admissions' is
 * here), its MLLP listeners and the ED's daily summaries, started and stopped with the server when a listener is
 * configured, and the outcomes route on WebAdmin and the HTTPS API. {@link GatewayDuplicates} is named in
 * mailetcontainer.xml.
 */
public class GatewayModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(GatewayModule.class);
    /** The chain reads the message and may ask the directory and the database: give it time, less than a hospital's. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), MessageRoute.class);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(EdOutcomesRoutes.class);
        Multibinder.newSetBinder(binder(), ApiResource.class).addBinding().to(EdOutcomesResource.class);
        // Made by Guice, not by a @Provides method: James calls @PreDestroy only on the objects Guice constructs.
        bind(Lifecycle.class).in(Scopes.SINGLETON);
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
    HospitalPeers peers(GatewaySettings settings, Directory directory, CertificateValidator certificates) {
        return new HospitalPeers(settings.hospitals(), directory, new BoxCertificates(certificates), Clock.systemUTC());
    }

    /** Kept connections; what it sends (notices, corrections, summaries, documents) is marked to be signed. */
    @Provides
    @Singleton
    LoopbackSubmission submission(SubmissionEndpoint.Lookup listener, TlsMaterial tls, SingleUseTickets tickets,
                                  Settings settings) throws Exception {
        return new LoopbackSubmission(listener, OwnCertificate.socketFactory(tls), tickets,
            settings.text(Setting.DEFAULT_DOMAIN), ANSWER_TIMEOUT, true, true);
    }

    @Provides
    @Singleton
    Outbox outbox(GatewayMails mails, LoopbackSubmission submission) {
        return new GatewayOutbox(mails, submission, Clock.systemUTC());
    }

    @Provides
    @Singleton
    EdArrivals arrivals(DataSource database) {
        SchemaMigrations.apply(database);
        return new JdbcEdArrivals(database);
    }

    @Provides
    @Singleton
    EdNotifications notifications(Directory directory, GatewaySettings settings) {
        return new EdNotifications(directory, settings.zone());
    }

    /** Patient movements: arrivals at the emergency department told to the GP. */
    @ProvidesIntoSet
    MessageRoute admissions(GatewaySettings gateway, EdNotifications notifications, EdArrivals arrivals,
                            Outbox outbox, AuditTrail audit, Settings settings) {
        return new AdmissionRoute(new AdmissionReader(gateway.zone()), notifications, arrivals, outbox, audit,
            settings.text(Setting.DEFAULT_DOMAIN), gateway.zone(), Clock.systemUTC());
    }

    @Provides
    @Singleton
    Gateway gateway(GatewaySettings settings, HospitalPeers peers, JdbcAnswers answers, AuditTrail audit,
                    Set<MessageRoute> routes) {
        return new Gateway(new Hl7Reader(), new Acknowledgements(Clock.systemUTC(), settings.zone()), peers, answers,
            audit, new ArrayList<>(routes), Clock.systemUTC());
    }

    @Provides
    @Singleton
    EdOutcomes outcomes(HospitalPeers peers, EdArrivals arrivals, GatewaySettings settings, AuditTrail trail) {
        return new EdOutcomes(peers, arrivals, settings, trail);
    }

    @Provides
    @Singleton
    EdSummaries summaries(HospitalPeers peers, EdArrivals arrivals, EdNotifications notifications, Outbox outbox,
                          DataSource database, GatewaySettings gateway, Settings settings) {
        return new EdSummaries(peers, arrivals, notifications, outbox, database, gateway,
            settings.text(Setting.DEFAULT_DOMAIN), Clock.systemUTC());
    }

    @Provides
    @Singleton
    MllpListener listener(GatewaySettings settings, TlsMaterial tls, HospitalPeers peers, Gateway gateway) {
        return new MllpListener(settings, tls, peers, gateway);
    }

    @ProvidesIntoSet
    InitializationOperation start(Lifecycle lifecycle) {
        return InitilizationOperationBuilder.forClass(Lifecycle.class).init(lifecycle::start);
    }

    /**
     * When a listener is configured: checks the hospitals, opens the listeners and checks for summaries due (nothing
     * arrives without a listener, and no ED gets an empty summary every day); closes them when the server stops.
     */
    static final class Lifecycle implements Startable {
        private final GatewaySettings settings;
        private final HospitalPeers peers;
        private final MllpListener listener;
        private final LoopbackSubmission submission;
        private final EdSummaries summaries;
        private ScheduledExecutorService timer;

        @Inject
        Lifecycle(GatewaySettings settings, HospitalPeers peers, MllpListener listener, LoopbackSubmission submission,
                  EdSummaries summaries) {
            this.settings = settings;
            this.peers = peers;
            this.listener = listener;
            this.submission = submission;
            this.summaries = summaries;
        }

        void start() throws Exception {
            if (!settings.listening()) {
                return;
            }
            peers.checkAtStart();
            listener.start();
            timer = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "gateway-summaries");
                thread.setDaemon(true);
                return thread;
            });
            // The first check waits for the submission listener, which starts with the rest of the server.
            timer.scheduleWithFixedDelay(this::summaries, EdSummaries.PERIOD_SECONDS, EdSummaries.PERIOD_SECONDS,
                TimeUnit.SECONDS);
        }

        private void summaries() {
            try {
                summaries.sendDue();
            } catch (RuntimeException e) {
                LOGGER.error("Gateway: checking the daily summaries failed", e);
            }
        }

        @PreDestroy
        void stop() {
            if (timer != null) {
                timer.shutdownNow();
            }
            listener.stop();
            submission.close();
        }
    }
}
