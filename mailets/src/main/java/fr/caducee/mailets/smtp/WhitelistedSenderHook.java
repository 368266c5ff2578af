package fr.caducee.mailets.smtp;

import javax.inject.Inject;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;

import fr.caducee.directory.whitelist.TrustedDomains;

/**
 * On the MX port, the MAIL FROM domain must be on the national whitelist. The null sender of delivery and read
 * receipts (DSN, MDN) is accepted: it names no domain, and the TLS handshake already proved the peer.
 */
public class WhitelistedSenderHook implements MailHook {
    private final TrustedDomains trustSpace;

    @Inject
    public WhitelistedSenderHook(TrustedDomains trustSpace) {
        this.trustSpace = trustSpace;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (sender.isNullSender() || trustSpace.isTrusted(sender.get().getDomain().asString())) {
            return HookResult.DECLINED;
        }
        String domain = sender.get().getDomain().asString();
        return new SmtpRefusal("550", "5.7.1", "sender-outside-trust-space",
            "Sender domain " + domain + " is not on the national whitelist: only operators of the trust space may send here")
            .refuse(session, "MAIL FROM:<" + sender.asString() + ">");
    }
}
