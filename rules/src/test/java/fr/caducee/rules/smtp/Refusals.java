package fr.caducee.rules.smtp;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;

/** What a hook's refusal left on the session for the audit hook: the rule it names. */
public final class Refusals {
    private Refusals() {
    }

    /** The rule of the refusal a hook of ours has just given, or null when none was given. */
    public static String ruleGiven(SMTPSession session) {
        return session.getAttachment(SmtpRefusal.GIVEN, ProtocolSession.State.Connection)
            .map(given -> given.refusal().rule())
            .orElse(null);
    }
}
