package fr.caducee.server.gateway.receipts;

import java.time.Clock;
import java.time.Duration;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
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
import com.google.inject.multibindings.ProvidesIntoSet;

import fr.caducee.domain.model.BoxAddress;
import fr.caducee.gateway.MessageRoute;
import fr.caducee.gateway.message.Acknowledgements;
import fr.caducee.gateway.port.Outbox;
import fr.caducee.gateway.report.BusinessReceipts;
import fr.caducee.gateway.report.DocumentReader;
import fr.caducee.gateway.report.DocumentRoute;
import fr.caducee.gateway.report.ReceiptsBack;
import fr.caducee.server.TlsMaterial;
import fr.caducee.server.gateway.GatewaySettings;
import fr.caducee.server.gateway.HospitalPeers;
import fr.caducee.server.records.RecordsSettings;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;
import fr.caducee.server.storage.SchemaMigrations;
import fr.caducee.trust.certificate.CertificateValidator;

/**
 * The gateway's documents and the receipts back (docs/GATEWAY.md, "Documents from the hospital", "Receipts back to
 * the hospital"): the documents route in the gateway's set of routes, the queue of business receipts, the forwarder
 * and the sender (started with the server when a hospital is declared, stopped with it), WebAdmin's
 * {@code GET /gateway/returns}. Installed next to {@code GatewayModule}, whose outbox and hospitals it uses.
 */
public class GatewayDocumentsModule extends AbstractModule {

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), MessageRoute.class).addBinding().to(DocumentRoute.class);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(GatewayReturnsRoutes.class);
        // Made by Guice, not by a @Provides method: James calls @PreDestroy only on the objects Guice constructs.
        bind(Lifecycle.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    JdbcReturnQueue returnQueue(DataSource database) {
        // Our tables at their current version, whichever store is opened first.
        SchemaMigrations.apply(database);
        return new JdbcReturnQueue(database);
    }

    @Provides
    @Singleton
    ReceiptsBack receiptsBack(GatewaySettings gateway, JdbcReturnQueue queue) {
        return new ReceiptsBack(new BusinessReceipts(gateway.zone()), queue);
    }

    @Provides
    @Singleton
    DocumentRoute documentRoute(Outbox outbox, ReceiptsBack receiptsBack, RecordsSettings records, Settings settings) {
        return new DocumentRoute(new DocumentReader(), outbox, receiptsBack, new DocumentRoute.Destinations(
            BoxAddress.parse(records.box()), settings.text(Setting.DEFAULT_DOMAIN),
            settings.text(Setting.SOFTWARE_REFERENCE)), Clock.systemUTC());
    }

    @Provides
    @Singleton
    ReturnAddresses returnAddresses(HospitalPeers peers) {
        return peer -> peers.hospital(BoxAddress.parse(peer)).flatMap(GatewaySettings.Hospital::returnAddress);
    }

    @Provides
    @Singleton
    ReturnSender sender(DataSource database, JdbcReturnQueue queue, ReceiptsBack receiptsBack, ReturnAddresses addresses,
                        TlsMaterial tls, CertificateValidator validator, Settings settings) {
        Duration first = settings.seconds(Setting.GATEWAY_RETURN_RETRY_SECONDS);
        Duration longest = settings.seconds(Setting.GATEWAY_RETURN_RETRY_MAX_SECONDS);
        if (longest.compareTo(first) < 0) {
            throw settings.invalid(Setting.GATEWAY_RETURN_RETRY_MAX_SECONDS, "is shorter than "
                + Setting.GATEWAY_RETURN_RETRY_SECONDS.key() + " (" + first.toSeconds() + " s): the longest delay "
                + "between two attempts cannot be shorter than the first");
        }
        Clock clock = Clock.systemUTC();
        return new ReturnSender(queue, new ReceiptForwarder(database, queue, receiptsBack, clock), addresses,
            TlsReturnLink.of(tls, validator), new Acknowledgements(), new ReturnSender.Backoff(first, longest), clock);
    }

    @ProvidesIntoSet
    InitializationOperation startSender(Lifecycle lifecycle) {
        return InitilizationOperationBuilder.forClass(Lifecycle.class).init(lifecycle::start);
    }

    /** Sends what hospitals are owed while the server runs; what is not sent waits in the database. */
    static final class Lifecycle implements Startable {
        private final GatewaySettings gateway;
        private final ReturnSender sender;

        @Inject
        Lifecycle(GatewaySettings gateway, ReturnSender sender) {
            this.gateway = gateway;
            this.sender = sender;
        }

        void start() {
            // No hospital declared: no mail of the gateway, hence no receipt to send back.
            if (!gateway.hospitals().isEmpty()) {
                sender.start();
            }
        }

        @PreDestroy
        void stop() throws InterruptedException {
            sender.stop();
        }
    }
}
