package fr.caducee.rules.transport;

import javax.inject.Inject;

import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.AuthCmdHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.rules.Rule;
import fr.caducee.rules.audit.RefusalAuditHook;
import fr.caducee.rules.smtp.SmtpAudit;
import fr.caducee.rules.smtp.SmtpRefusal;

/**
 * James's AUTH command, refused before TLS whatever the mechanism, before any credential is read or checked.
 *
 * <p>James's {@code <requireSSL>} only hides AUTH from the EHLO answer: a client that sends {@code AUTH PLAIN} in
 * clear anyway is logged in ({@code 235}), its password having crossed the network readable. Here it gets
 * {@code 530 5.7.0} (RFC 3207: "Must issue a STARTTLS command first"), the same answer for a right and a wrong
 * password, and the session stays unauthenticated. The refusal is recorded here: James's AUTH handler calls no
 * result hook, so {@link RefusalAuditHook} does not see it.
 */
public class TlsFirstAuthCmdHandler extends AuthCmdHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(TlsFirstAuthCmdHandler.class);
    static final SmtpRefusal AUTH_BEFORE_TLS = Rule.AUTH_REQUIRES_TLS.refusal(
        "Must issue a STARTTLS command first: credentials are taken only over TLS (STARTTLS, or the implicit TLS port)");

    private final AuditTrail trail;

    @Inject
    public TlsFirstAuthCmdHandler(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (session.isTLSStarted()) {
            return super.onCommand(session, request);
        }
        try {
            // The mechanism alone: an initial response may hold a password.
            trail.append(SmtpAudit.record(Decision.REFUSED, session)
                .rule(AUTH_BEFORE_TLS.rule())
                .reason(AUTH_BEFORE_TLS.reply() + " (AUTH " + mechanism(request) + ")")
                .build());
        } catch (AuditUnavailableException e) {
            LOGGER.error("AUTH before TLS refused but not recorded in the audit trail ({}) session={}", e.getMessage(),
                session.getSessionID());
        }
        return new SMTPResponse(AUTH_BEFORE_TLS.replyCode(), AUTH_BEFORE_TLS.description());
    }

    private static String mechanism(Request request) {
        String argument = request.getArgument();
        if (argument == null || argument.isBlank()) {
            return "without a mechanism";
        }
        String first = argument.trim().split("\\s+", 2)[0];
        return first.length() > 20 ? first.substring(0, 20) : first;
    }
}
