package fr.caducee.server.webmail;

import java.time.Clock;

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
import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.store.DirectoryStore;
import fr.caducee.rules.patients.PharmacistFirstContact;
import fr.caducee.server.TlsMaterial;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;
import fr.caducee.server.submission.OwnCertificate;
import fr.caducee.server.submission.SingleUseTickets;
import fr.caducee.server.submission.SubmissionEndpoint;
import fr.caducee.webmail.Webmail;
import fr.caducee.webmail.port.Outbox;
import fr.caducee.webmail.port.PatientAccounts;
import fr.caducee.webmail.port.PatientMailbox;
import fr.caducee.webmail.port.PatientRecord;

/**
 * The patients' webmail in the server: its settings checked at start ({@link WebmailConfiguration}), the key sealing
 * the second factors ({@link FactorKey}), the ports it is built with (the box as conversations over the server's
 * PostgreSQL, the outbox through the submission chain with single-use tickets, the directory's accounts, the shared
 * record), and its HTTPS listener, started and stopped with the server.
 */
public class WebmailModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(PatientAccounts.class).to(DirectoryPatientAccounts.class).in(Scopes.SINGLETON);
        bind(PatientRecord.class).to(SharedRecordView.class).in(Scopes.SINGLETON);
        bind(SentFolder.class).in(Scopes.SINGLETON);
        bind(SeenFlags.class).in(Scopes.SINGLETON);
        // Made by Guice, not by a @Provides method: James calls @PreDestroy only on the objects Guice constructs.
        bind(Lifecycle.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    WebmailConfiguration configuration(Settings settings) {
        return WebmailConfiguration.from(settings);
    }

    @Provides
    @Singleton
    PatientMailbox mailbox(DataSource database, Directory directory, DirectoryStore store,
                           PharmacistFirstContact pharmacist, SeenFlags seen) {
        return new SqlPatientMailbox(database, directory, store, pharmacist, seen);
    }

    @Provides
    @Singleton
    Outbox outbox(SubmissionEndpoint.Lookup listener, TlsMaterial tls, SingleUseTickets tickets, SentFolder sent,
                  Settings settings) throws Exception {
        String domain = settings.text(Setting.DEFAULT_DOMAIN);
        return new SubmissionOutbox(listener, OwnCertificate.socketFactory(tls), tickets,
            new OutgoingMessage(domain, Clock.systemUTC()), sent, domain);
    }

    @Provides
    @Singleton
    Webmail webmail(WebmailConfiguration configuration, PatientAccounts accounts, PatientMailbox mailbox, Outbox outbox,
                    PatientRecord record, DataSource database, Settings settings, AuditTrail audit) throws Exception {
        return new Webmail(configuration.settings(), accounts, mailbox, outbox, record, database,
            FactorKey.ensure(settings.path(Setting.DATA)), audit, Clock.systemUTC());
    }

    @Provides
    @Singleton
    WebmailListener listener(WebmailConfiguration configuration, TlsMaterial tls, Webmail webmail) throws Exception {
        return new WebmailListener(configuration.bind(), tls, webmail.handler());
    }

    @ProvidesIntoSet
    InitializationOperation startListener(Lifecycle lifecycle) {
        return InitilizationOperationBuilder.forClass(Lifecycle.class).init(lifecycle::start);
    }

    /** Stops taking requests when the server stops. */
    static final class Lifecycle implements Startable {
        private final WebmailListener listener;

        @Inject
        Lifecycle(WebmailListener listener) {
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
