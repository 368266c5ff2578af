package fr.caducee.rules.transport;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;

import fr.caducee.rules.Rule;
import fr.caducee.rules.smtp.SmtpRefusal;

/**
 * Refuses a message one of whose lines was longer than the SMTP server reads (RFC 5321 §4.5.3.1.6 lets a server
 * refuse lines over 1,000 bytes; ours reads up to 8 KB). The protocol layer cannot take such a line whole, so without
 * this hook the message would be stored with the line missing: a corrupted document accepted as if intact. The
 * server marks the transaction ({@link #LINE_CUT}) when it drops a line inside DATA; this hook, first of the message
 * hooks, turns the mark into a refusal of the whole message.
 */
public class LongLineHook implements JamesMessageHook {
    /** Set on the transaction, by the SMTP server's line reader, when a line inside DATA was too long to be read. */
    public static final ProtocolSession.AttachmentKey<Integer> LINE_CUT =
        ProtocolSession.AttachmentKey.of("caducee.lineCut", Integer.class);

    static SmtpRefusal refusal(int limit) {
        return Rule.LINE_TOO_LONG.refusal(
            "A line of the message is longer than " + limit + " bytes, so the message could not be received whole and "
                + "was not accepted: break long lines (RFC 5321 allows 1000 bytes) or send the content as an "
                + "attachment, which mail clients encode in short lines");
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        return session.getAttachment(LINE_CUT, ProtocolSession.State.Transaction)
            .map(limit -> refusal(limit).refuse(session, "DATA"))
            .orElse(HookResult.DECLINED);
    }
}
