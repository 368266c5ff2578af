package fr.caducee.rules.smtp;

import javax.inject.Inject;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.smtpserver.SendMailHandler;
import org.apache.mailet.Mail;

import fr.caducee.rules.Rule;

/**
 * James's SendMailHandler (puts the message in the spool, then answers {@code 250}), with a refusal a person can act
 * on when the spool cannot take the message (its disk full or failing): James answers {@code 451 4.0.0 Error
 * processing message.}; this answers {@code 451 4.3.0} saying that nothing was accepted and to send it again, and the
 * refusal reaches the audit trail with its rule, after the acceptance record written just before.
 */
public class SpoolingHandler extends SendMailHandler {
    static final SmtpRefusal SPOOL_UNAVAILABLE = Rule.SPOOL_UNAVAILABLE.refusal(
        "The message could not be written to the mail spool, so it was not accepted: send it again later");

    @Inject
    public SpoolingHandler(MailQueueFactory<?> queues) {
        super(queues);
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        HookResult result = super.onMessage(session, mail);
        if (result.getResult().getAction() == HookReturnCode.Action.DENYSOFT) {
            return SPOOL_UNAVAILABLE.refuse(session, "DATA");
        }
        return result;
    }
}
