package fr.caducee.webmail;

import java.time.Clock;
import java.util.List;

import javax.crypto.SecretKey;
import javax.sql.DataSource;

import org.eclipse.jetty.server.Handler;

import fr.caducee.audit.AuditTrail;
import fr.caducee.webmail.mail.ConversationPages;
import fr.caducee.webmail.port.Outbox;
import fr.caducee.webmail.port.PatientAccounts;
import fr.caducee.webmail.port.PatientMailbox;
import fr.caducee.webmail.port.PatientPreferences;
import fr.caducee.webmail.port.PatientRecord;
import fr.caducee.webmail.record.RecordPages;
import fr.caducee.webmail.record.SettingsPages;
import fr.caducee.webmail.web.Pages;
import fr.caducee.webmail.web.Services;

/**
 * The webmail, assembled: the server gives it its ports, the database (second factors, lockouts, notification
 * addresses), the key that seals TOTP secrets, and mounts {@link #handler()} on its HTTPS listener.
 */
public final class Webmail {
    private final Services services;
    private final List<Pages> pages;
    private final Handler handler;

    public Webmail(WebmailSettings settings, PatientAccounts accounts, PatientMailbox mailbox, Outbox outbox,
                   PatientRecord record, DataSource database, SecretKey factorKey, AuditTrail audit, Clock clock) {
        PatientPreferences preferences = new PatientPreferences() { // TODO webmail core: the JDBC store of webmail_account
            @Override
            public java.util.Optional<String> notifyAddress(String patient) {
                return java.util.Optional.empty();
            }

            @Override
            public void setNotifyAddress(String patient, java.util.Optional<String> address) {
            }
        };
        this.services = new Services(settings, accounts, mailbox, outbox, record, preferences, audit, clock);
        this.pages = List.of(new ConversationPages(services), new RecordPages(services), new SettingsPages(services));
        this.handler = new org.eclipse.jetty.server.handler.AbstractHandler() { // TODO webmail core: WebmailHandler
            @Override
            public void handle(String target, org.eclipse.jetty.server.Request base,
                               javax.servlet.http.HttpServletRequest request,
                               javax.servlet.http.HttpServletResponse response) throws java.io.IOException {
                base.setHandled(true);
                response.setStatus(503);
                response.setContentType("text/plain; charset=utf-8");
                response.getWriter().write("Le webmail n'est pas encore ouvert.");
            }
        };
    }

    /** The Jetty handler answering every path of the webmail. */
    public Handler handler() {
        return handler;
    }

    /** The patients' notification addresses, for the server's notice relay. */
    public PatientPreferences preferences() {
        return services.preferences();
    }
}
