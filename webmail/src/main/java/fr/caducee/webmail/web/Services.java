package fr.caducee.webmail.web;

import java.time.Clock;
import java.util.Objects;

import fr.caducee.audit.AuditTrail;
import fr.caducee.webmail.WebmailSettings;
import fr.caducee.webmail.port.Outbox;
import fr.caducee.webmail.port.PatientAccounts;
import fr.caducee.webmail.port.PatientMailbox;
import fr.caducee.webmail.port.PatientPreferences;
import fr.caducee.webmail.port.PatientRecord;

/** What page groups are built with: every page group has a constructor taking this, and only this. */
public record Services(WebmailSettings settings, PatientAccounts accounts, PatientMailbox mailbox, Outbox outbox,
                       PatientRecord record, PatientPreferences preferences, AuditTrail audit, Clock clock) {

    public Services {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(mailbox, "mailbox");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(preferences, "preferences");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(clock, "clock");
    }
}
