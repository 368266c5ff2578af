package fr.caducee.rules.transport;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;

import fr.caducee.rules.Rule;
import fr.caducee.rules.smtp.SmtpRefusal;

/**
 * On the submission ports every transaction belongs to a logged-in box, local recipients included: James on its own
 * only requires AUTH to relay. AUTH is offered only after TLS, so this also keeps submission encrypted.
 */
public class AuthenticationRequiredHook implements MailHook {
    static final SmtpRefusal NOT_AUTHENTICATED = Rule.SUBMISSION_REQUIRES_AUTH.refusal(
        "Authentication required: start TLS, then log in (AUTH) with your box address and password before sending");

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (session.getUsername() != null) {
            return HookResult.DECLINED;
        }
        return NOT_AUTHENTICATED.refuse(session, "MAIL FROM");
    }
}
