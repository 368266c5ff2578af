package fr.caducee.rules.recipients;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;

import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.rules.Rule;
import fr.caducee.rules.smtp.SmtpRefusal;

/**
 * Refuses at RCPT, on every port, a recipient that cannot be a box of the trust space: relay tricks
 * ({@code user%remote@local}, quoted local parts, {@code !} paths), malformed addresses, and patient addresses
 * whose INS fails its key check. Refusing here means nothing is accepted only to bounce later.
 */
public class RecipientAddressHook implements RcptHook {
    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        String address = recipient.asString();
        try {
            PatientAddress.of(BoxAddress.parse(address));
            return HookResult.DECLINED;
        } catch (InvalidIdentifierException e) {
            return refusal(address, e).refuse(session, "RCPT TO:<" + address + ">");
        }
    }

    private static SmtpRefusal refusal(String address, InvalidIdentifierException e) {
        if (e.kind().startsWith("patient")) {
            return Rule.RECIPIENT_INVALID_INS.refusal(
                "No such patient box: " + e.getMessage());
        }
        return Rule.RECIPIENT_MALFORMED.refusal(
            "Not a valid box address: " + e.getMessage());
    }
}
