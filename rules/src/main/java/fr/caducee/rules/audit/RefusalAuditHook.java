package fr.caducee.rules.audit;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.RcptCmdHandler;
import org.apache.james.protocols.smtp.hook.Hook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookResultHook;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MessageHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.james.smtpserver.SMTPConstants;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.rules.smtp.SmtpAudit;
import fr.caducee.rules.smtp.SmtpRefusal;

/**
 * Writes every SMTP refusal to the audit trail, ours ({@link SmtpRefusal}, with its rule) and those of James's own
 * hooks (relaying denied, sender not matching the login...; the rule is the hook's name): it sees the result of
 * every hook. A refused recipient is recorded as the recipient; a refused message with its recipients, mail name
 * and Message-ID. A refusal that cannot be recorded is still given, and logged.
 */
public class RefusalAuditHook implements HookResultHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(RefusalAuditHook.class);

    private final AuditTrail trail;

    @Inject
    public RefusalAuditHook(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public HookResult onHookResult(SMTPSession session, HookResult result, long executionTime, Hook hook) {
        Optional<SmtpRefusal.Given> given = session.removeAttachment(SmtpRefusal.GIVEN, ProtocolSession.State.Connection)
            .filter(refusal -> result != null && refusal.answers(result));
        if (result != null && isRefusal(result.getResult())) {
            record(session, result, hook, given);
        }
        return result;
    }

    private void record(SMTPSession session, HookResult result, Hook hook, Optional<SmtpRefusal.Given> given) {
        AuditRecord.Builder record = SmtpAudit.record(Decision.REFUSED, session)
            .rule(given.map(refusal -> refusal.refusal().rule()).orElse(hook.getClass().getSimpleName()))
            .reason(reply(result));
        if (hook instanceof RcptHook) {
            session.getAttachment(RcptCmdHandler.CURRENT_RECIPIENT, ProtocolSession.State.Transaction)
                .ifPresent(recipient -> record.recipients(List.of(recipient.asString())));
        } else if (hook instanceof MessageHook || hook instanceof JamesMessageHook) {
            session.getAttachment(SMTPConstants.MAIL, ProtocolSession.State.Transaction).ifPresentOrElse(
                mail -> describe(record, mail),
                () -> record.recipients(SmtpAudit.addresses(session.getAttachment(SMTPSession.RCPT_LIST,
                    ProtocolSession.State.Transaction).orElse(List.of()))));
        }
        try {
            trail.append(record.build());
        } catch (AuditUnavailableException e) {
            LOGGER.error("Refusal not recorded in the audit trail ({}): {} {} session={}", e.getMessage(),
                reply(result), hook.getClass().getSimpleName(), session.getSessionID());
        }
    }

    private static void describe(AuditRecord.Builder record, Mail mail) {
        record.mail(mail.getName())
            .messageId(AuditedMail.messageId(mail))
            .recipients(mail.getRecipients().stream().map(MailAddress::asString).toList())
            .size(AuditedMail.size(mail));
    }

    /** {@code 550 5.1.1 ...}; James fills in a default code later when a hook gives none. */
    private static String reply(HookResult result) {
        String code = result.getSmtpRetCode() != null ? result.getSmtpRetCode()
            : result.getResult().getAction() == HookReturnCode.Action.DENY ? "5xx" : "4xx";
        return result.getSmtpDescription() == null ? code : code + " " + result.getSmtpDescription();
    }

    private static boolean isRefusal(HookReturnCode code) {
        return code.getAction() == HookReturnCode.Action.DENY || code.getAction() == HookReturnCode.Action.DENYSOFT;
    }
}
