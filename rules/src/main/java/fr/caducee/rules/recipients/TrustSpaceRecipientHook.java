package fr.caducee.rules.recipients;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;

import fr.caducee.rules.Rule;


/**
 * Refuses at RCPT a recipient whose domain is neither served here nor on the national whitelist: health data never
 * leaves the trust space, and the sender learns it at once rather than from a bounce.
 */
public class TrustSpaceRecipientHook implements RcptHook {
    private final TrustSpaceMembership trustSpace;

    @Inject
    public TrustSpaceRecipientHook(TrustSpaceMembership trustSpace) {
        this.trustSpace = trustSpace;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        String domain = recipient.getDomain().asString();
        try {
            if (trustSpace.includes(recipient.getDomain())) {
                return HookResult.DECLINED;
            }
        } catch (DomainListException e) {
            return Rule.DOMAIN_LIST_UNAVAILABLE.refusal(
                "Cannot check the recipient's domain right now: try again later").refuse(session, "RCPT TO:<" + recipient.asString() + ">");
        }
        return Rule.RECIPIENT_OUTSIDE_TRUST_SPACE.refusal(
            domain + " is outside the trust space: health messages can only go to operators on the national whitelist")
            .refuse(session, "RCPT TO:<" + recipient.asString() + ">");
    }
}
