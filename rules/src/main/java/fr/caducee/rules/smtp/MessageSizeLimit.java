package fr.caducee.rules.smtp;

import java.util.List;

import javax.inject.Inject;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.MailSizeEsmtpExtension;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.rules.Rule;
import fr.caducee.rules.audit.RefusalAuditHook;
import fr.caducee.rules.transport.StorageReserveHook;

/**
 * The SIZE extension and the DATA size limit ({@code maxmessagesize} in smtpserver.xml). James answers a message
 * that grows past the limit during DATA with a bare {@code 552 Quota exceeded}; this gives it the enhanced code
 * (RFC 3463: 5.3.4, message too big for system) and a sentence saying what to do, as the SIZE refusal already has,
 * and records the refusal in the audit trail (no hook gives it, so {@link RefusalAuditHook} does not see it). The
 * size a client announces with {@code MAIL FROM:<...> SIZE=n} is kept for the transaction ({@link #DECLARED_SIZE}),
 * for the hooks that weigh it against the room left ({@link StorageReserveHook}).
 */
public class MessageSizeLimit extends MailSizeEsmtpExtension {
    private static final Logger LOGGER = LoggerFactory.getLogger(MessageSizeLimit.class);
    /** The {@code SIZE=} of the current MAIL FROM, once it passed the size limit (James keeps its own copy private). */
    public static final ProtocolSession.AttachmentKey<Long> DECLARED_SIZE =
        ProtocolSession.AttachmentKey.of("caducee.declaredSize", Long.class);

    private final AuditTrail trail;

    @Inject
    public MessageSizeLimit(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public HookResult doMailParameter(SMTPSession session, String paramName, String paramValue) {
        HookResult result = super.doMailParameter(session, paramName, paramValue);
        if (result == null) {
            // Accepted: James parsed it as a number already.
            session.setAttachment(DECLARED_SIZE, Long.parseLong(paramValue.trim()), ProtocolSession.State.Transaction);
        }
        return result;
    }

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        Response response = super.onLine(session, line, next);
        if (response != null && SMTPRetCode.QUOTA_EXCEEDED.equals(response.getRetCode())) {
            SmtpRefusal refusal = Rule.MESSAGE_TOO_BIG.refusal(
                "Message size exceeds the maximum of " + session.getConfiguration().getMaxMessageSize()
                    + " bytes accepted here: send the documents in several messages");
            record(session, refusal);
            return new SMTPResponse(refusal.replyCode(), refusal.description());
        }
        return response;
    }

    private void record(SMTPSession session, SmtpRefusal refusal) {
        try {
            trail.append(SmtpAudit.record(Decision.REFUSED, session)
                .rule(refusal.rule())
                .reason(refusal.reply())
                .recipients(SmtpAudit.addresses(session.getAttachment(SMTPSession.RCPT_LIST,
                    ProtocolSession.State.Transaction).orElse(List.of())))
                .build());
        } catch (AuditUnavailableException e) {
            LOGGER.error("Refusal not recorded in the audit trail ({}): {} session={}", e.getMessage(),
                refusal.reply(), session.getSessionID());
        }
    }
}
