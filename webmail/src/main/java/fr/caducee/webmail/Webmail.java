package fr.caducee.webmail;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import javax.crypto.SecretKey;
import javax.sql.DataSource;

import org.eclipse.jetty.server.Handler;

import fr.caducee.audit.AuditTrail;
import fr.caducee.webmail.login.Lockout;
import fr.caducee.webmail.login.LoginFlow;
import fr.caducee.webmail.login.PasswordChange;
import fr.caducee.webmail.login.PasswordStep;
import fr.caducee.webmail.login.SecretSeal;
import fr.caducee.webmail.login.TotpStep;
import fr.caducee.webmail.mail.ConversationPages;
import fr.caducee.webmail.port.Outbox;
import fr.caducee.webmail.port.PatientAccounts;
import fr.caducee.webmail.port.PatientMailbox;
import fr.caducee.webmail.port.PatientPreferences;
import fr.caducee.webmail.port.PatientRecord;
import fr.caducee.webmail.record.RecordPages;
import fr.caducee.webmail.record.SettingsPages;
import fr.caducee.webmail.session.CsrfGuard;
import fr.caducee.webmail.session.OpenBox;
import fr.caducee.webmail.session.Sessions;
import fr.caducee.webmail.store.JdbcAccountStore;
import fr.caducee.webmail.web.Pages;
import fr.caducee.webmail.web.Services;
import fr.caducee.webmail.web.Templates;

/**
 * The webmail, assembled: the server gives it its ports, the database (second factors, lockouts, notification
 * addresses), the key that seals TOTP secrets, and mounts {@link #handler()} on its HTTPS listener.
 */
public final class Webmail {
    private final Services services;
    private final WebmailHandler handler;

    public Webmail(WebmailSettings settings, PatientAccounts accounts, PatientMailbox mailbox, Outbox outbox,
                   PatientRecord record, DataSource database, SecretKey factorKey, AuditTrail audit, Clock clock) {
        this(settings, accounts, mailbox, outbox, record, database, factorKey, audit, clock,
            PasswordStep.FAILURE_FLOOR, services -> List.of(new ConversationPages(services), new RecordPages(services),
                new SettingsPages(services)));
    }

    /**
     * With the shortest time a failed password is answered in and the page groups (tests shorten the one and add
     * groups of their own).
     */
    Webmail(WebmailSettings settings, PatientAccounts accounts, PatientMailbox mailbox, Outbox outbox,
            PatientRecord record, DataSource database, SecretKey factorKey, AuditTrail audit, Clock clock,
            Duration failureFloor, Function<Services, List<Pages>> groups) {
        JdbcAccountStore store = new JdbcAccountStore(database);
        this.services = new Services(settings, accounts, mailbox, outbox, record, store, audit, clock);
        List<Pages> pages = List.copyOf(groups.apply(services));
        Sessions sessions = new Sessions(settings, audit, clock);
        CsrfGuard csrf = new CsrfGuard(settings.origin());
        Lockout lockout = new Lockout(store, settings, clock);
        LoginFlow login = new LoginFlow(List.of(
            new PasswordStep(accounts, lockout, failureFloor),
            new TotpStep(store, new SecretSeal(factorKey), lockout, audit, settings, clock)),
            sessions, csrf, lockout, store, audit, clock);
        this.handler = new WebmailHandler(services, pages, new Templates(), sessions, csrf, login,
            new PasswordChange(accounts, lockout, sessions, audit, clock), new OpenBox(accounts, audit, clock),
            lockout);
    }

    /** The Jetty handler answering every path of the webmail. */
    public Handler handler() {
        return handler;
    }

    /** The sessions held now, open and in progress. */
    public int sessions() {
        return handler.sessions().count();
    }

    /** The patients' notification addresses, for the server's notice relay. */
    public PatientPreferences preferences() {
        return services.preferences();
    }
}
