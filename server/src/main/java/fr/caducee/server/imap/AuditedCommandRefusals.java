package fr.caducee.server.imap;

import java.net.InetSocketAddress;

import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.mailbox.MailboxSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.rules.Rule;
import io.netty.channel.Channel;

/** Each command refused is logged and appended to the audit trail, with the login when there is one. */
final class AuditedCommandRefusals implements CommandRefusals {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditedCommandRefusals.class);

    private final AuditTrail trail;

    AuditedCommandRefusals(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public void refused(Channel channel, ImapSession session, Rule rule, String answer) {
        String remote = channel.remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null
            ? address.getAddress().getHostAddress() : null;
        record(remote, session, rule, answer);
    }

    /**
     * A refusal decided behind the connection, by an IMAP processor, which knows the session and not the socket (the
     * client's address kept on the session by {@link RemoteAddress}).
     */
    void refused(ImapSession session, Rule rule, String answer) {
        record(RemoteAddress.of(session), session, rule, answer);
    }

    /** A login refused before it was checked: the login tried is recorded, never the password. */
    void refusedLogin(ImapSession session, Rule rule, String answer, String login) {
        record(RemoteAddress.of(session), session, rule, answer, login);
    }

    private void record(String remote, ImapSession session, Rule rule, String answer) {
        record(remote, session, rule, answer, null);
    }

    private void record(String remote, ImapSession session, Rule rule, String answer, String loginTried) {
        AuditRecord.Builder record = AuditRecord.builder(Decision.REFUSED)
            .rule(rule.id())
            .reason(answer)
            .via("imap")
            .remote(remote);
        if (session != null) {
            record.session(session.sessionId().asString());
            MailboxSession mailboxSession = session.getMailboxSession();
            if (mailboxSession != null && CommandLimits.loggedIn(session)) {
                record.login(mailboxSession.getUser().asString());
            }
        }
        if (loginTried != null) {
            record.login(loginTried);
        }
        LOGGER.warn("IMAP command refused for {}: {}", remote, answer);
        try {
            trail.append(record.build());
        } catch (AuditUnavailableException e) {
            // The refusal stands: it protects the server whether or not the trail can record it.
            LOGGER.error("Audit trail unavailable, refusal not recorded: {}", answer, e);
        }
    }
}
