package fr.caducee.mailets.smtp;

import java.util.Objects;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A refusal given at SMTP time: a reply code, an enhanced status code (RFC 3463) and a sentence a person can act
 * on. Every refusal is written to the audit logger, with who was connected and over what.
 */
public record SmtpRefusal(String replyCode, String enhancedCode, String rule, String sentence) {
    private static final Logger AUDIT = LoggerFactory.getLogger("fr.caducee.audit");

    public SmtpRefusal {
        Objects.requireNonNull(replyCode);
        Objects.requireNonNull(enhancedCode);
        Objects.requireNonNull(rule);
        Objects.requireNonNull(sentence);
    }

    /** The reply as the client reads it, after the reply code: {@code 5.7.0 Must issue a STARTTLS command first...}. */
    public String description() {
        return enhancedCode + " " + sentence;
    }

    public HookResult refuse(SMTPSession session, String command) {
        audit(session, command);
        return HookResult.builder()
            .hookReturnCode(replyCode.startsWith("4") ? HookReturnCode.denySoft() : HookReturnCode.deny())
            .smtpReturnCode(replyCode)
            .smtpDescription(description())
            .build();
    }

    /** A refusal given by a hook that is not ours: the rule is the hook's name. */
    static void auditForeign(SMTPSession session, String hook, HookResult result) {
        AUDIT.info("decision=refused rule={} reply=\"{} {}\" session={} remote={} tls={} login={}",
            hook, result.getSmtpRetCode(), result.getSmtpDescription(), session.getSessionID(),
            session.getRemoteAddress(), session.isTLSStarted(), login(session));
    }

    void audit(SMTPSession session, String command) {
        AUDIT.info("decision=refused rule={} reply=\"{} {}\" command={} session={} remote={} tls={} login={}",
            rule, replyCode, description(), command, session.getSessionID(), session.getRemoteAddress(),
            session.isTLSStarted(), login(session));
    }

    private static String login(SMTPSession session) {
        return session.getUsername() == null ? "-" : session.getUsername().asString();
    }
}
