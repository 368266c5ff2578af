package fr.caducee.rules.smtp;

import java.util.ArrayList;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;

/** A hook's end of DATA followed by what {@link SpoolingHandler} does once the message is held: its writes. */
public final class AcceptedMessages {
    private AcceptedMessages() {
    }

    /** The hook's result; when it accepts, the refusal of a write that fails, else its result. */
    public static HookResult through(JamesMessageHook hook, SMTPSession session, Mail mail) {
        HookResult result = hook.onMessage(session, mail);
        if (!result.equals(HookResult.DECLINED)) {
            return result;
        }
        return OnAcceptance.run(session, new ArrayList<>()).map(refusal -> refusal.refuse(session, "DATA"))
            .orElse(result);
    }
}
