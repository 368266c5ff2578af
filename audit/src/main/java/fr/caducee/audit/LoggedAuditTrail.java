package fr.caducee.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each record the trail took as one line on the {@code fr.caducee.audit} logger too, for the operator who
 * follows the server's log; the trail, not the log, is the record.
 */
public final class LoggedAuditTrail implements AuditTrail {
    private static final Logger AUDIT = LoggerFactory.getLogger("fr.caducee.audit");

    private final AuditTrail trail;

    public LoggedAuditTrail(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public void append(AuditRecord record) {
        trail.append(record);
        if (AUDIT.isInfoEnabled()) {
            AUDIT.info(line(record));
        }
    }

    /** {@code decision=refused rule=... reply="..." via=... mail=... sender=... recipients=[...] ... login=...}. */
    static String line(AuditRecord record) {
        StringBuilder line = new StringBuilder("decision=").append(record.decision().name().toLowerCase(java.util.Locale.ROOT));
        field(line, "rule", record.rule());
        if (record.reason() != null) {
            line.append(" reply=\"").append(record.reason()).append('"');
        }
        field(line, "via", record.via());
        field(line, "mail", record.mail());
        field(line, "messageId", record.messageId());
        field(line, "sender", record.sender());
        line.append(" recipients=").append(record.recipients());
        if (record.size() >= 0) {
            line.append(" size=").append(record.size());
        }
        field(line, "session", record.session());
        field(line, "remote", record.remote());
        if (record.peer() != null) {
            line.append(' ').append(record.peer());
        } else {
            line.append(" login=").append(record.login() == null ? "-" : record.login());
        }
        return line.toString();
    }

    private static void field(StringBuilder line, String name, String value) {
        if (value != null) {
            line.append(' ').append(name).append('=').append(value);
        }
    }
}
