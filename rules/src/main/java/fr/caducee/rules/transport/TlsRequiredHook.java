package fr.caducee.rules.transport;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;

import fr.caducee.rules.Rule;
import fr.caducee.rules.smtp.SmtpRefusal;

/**
 * On the MX port, no transaction starts before STARTTLS. The listener demands a client certificate during the TLS
 * handshake, so once TLS is up the peer has proven it belongs to the trust space; without this hook a peer could
 * simply skip STARTTLS and talk in clear.
 */
public class TlsRequiredHook implements MailHook {
    static final SmtpRefusal NO_TLS = Rule.MX_REQUIRES_TLS.refusal(
        "Must issue a STARTTLS command first: this server accepts mail only over mutual TLS from operators of the trust space");

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (session.isTLSStarted()) {
            return HookResult.DECLINED;
        }
        return NO_TLS.refuse(session, "MAIL FROM");
    }
}
