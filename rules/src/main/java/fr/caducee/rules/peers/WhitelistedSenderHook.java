package fr.caducee.rules.peers;

import javax.inject.Inject;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;

import fr.caducee.domain.directory.TrustedDomains;
import fr.caducee.rules.Rule;

/**
 * On the MX port, the MAIL FROM domain must be on the national whitelist, or be the {@code patient.} sub-domain of a
 * listed domain (its patients, with the same operators). The null sender of delivery and read receipts (DSN, MDN) is
 * left to {@link OperatorDnHook}: it names no domain.
 */
public class WhitelistedSenderHook implements MailHook {
    private final TrustedDomains trustSpace;

    @Inject
    public WhitelistedSenderHook(TrustedDomains trustSpace) {
        this.trustSpace = trustSpace;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (sender.isNullSender()) {
            return HookResult.DECLINED;
        }
        String domain = sender.get().getDomain().asString();
        if (trustSpace.isTrusted(domain) || !trustSpace.operatorsOf(domain).isEmpty()) {
            return HookResult.DECLINED;
        }
        return Rule.SENDER_OUTSIDE_TRUST_SPACE.refusal(
            "Sender domain " + domain + " is not on the national whitelist: only operators of the trust space may send here")
            .refuse(session, "MAIL FROM:<" + sender.asString() + ">");
    }
}
