package fr.caducee.rules.transport;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;

import fr.caducee.rules.Rule;
import fr.caducee.rules.smtp.ChainSettings;

/**
 * At most {@code caducee.smtp.maxRecipients} recipients per message ({@link ChainSettings}, default 100, the minimum RFC 5321 lets a server impose).
 * Beyond it each RCPT gets {@code 452 4.5.3}: the client keeps the recipients already accepted and sends the rest
 * in another transaction, as RFC 5321 says; nothing is lost. A message to thousands of boxes is never a clinical
 * exchange, and each recipient costs directory and conversation lookups.
 */
public class RecipientLimitHook implements RcptHook {
    private final int maxRecipients;

    @Inject
    public RecipientLimitHook(ChainSettings settings) {
        this.maxRecipients = settings.maxRecipients();
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        if (session.getRcptCount() < maxRecipients) {
            return HookResult.DECLINED;
        }
        return Rule.TOO_MANY_RECIPIENTS.refusal(
            "A message may go to at most " + maxRecipients + " recipients: send it to the others in another message")
            .refuse(session, "RCPT TO:<" + recipient.asString() + ">");
    }
}
