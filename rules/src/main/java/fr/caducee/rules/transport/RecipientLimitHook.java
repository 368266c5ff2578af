package fr.caducee.rules.transport;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;

import fr.caducee.rules.Rule;


/**
 * At most {@code maxRecipients} recipients per message (default 100, the minimum RFC 5321 lets a server impose).
 * Beyond it each RCPT gets {@code 452 4.5.3}: the client keeps the recipients already accepted and sends the rest
 * in another transaction, as RFC 5321 says; nothing is lost. A message to thousands of boxes is never a clinical
 * exchange, and each recipient costs directory and conversation lookups.
 */
public class RecipientLimitHook implements RcptHook {
    static final int DEFAULT_MAX = 100;

    private int maxRecipients = DEFAULT_MAX;

    @Override
    public void init(Configuration configuration) throws ConfigurationException {
        maxRecipients = configuration.getInt("maxRecipients", DEFAULT_MAX);
        if (maxRecipients < 1) {
            throw new ConfigurationException("RecipientLimitHook: maxRecipients must be at least 1, not " + maxRecipients);
        }
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
