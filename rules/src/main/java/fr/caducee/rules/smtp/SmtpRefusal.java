package fr.caducee.rules.smtp;

import java.util.Objects;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;

import fr.caducee.rules.audit.RefusalAuditHook;

/**
 * A refusal given at SMTP time: a reply code, an enhanced status code (RFC 3463) and a sentence a person can act
 * on. Every refusal reaches the audit trail: {@link #refuse} leaves its rule on the session, and
 * {@link RefusalAuditHook}, which sees the result of every hook, records it with who was connected and over what.
 */
public record SmtpRefusal(String replyCode, String enhancedCode, String rule, String sentence) {
    /** The refusal a hook of ours has just given, for {@link RefusalAuditHook} to name its rule. */
    public static final ProtocolSession.AttachmentKey<Given> GIVEN =
        ProtocolSession.AttachmentKey.of("caducee.refusal", Given.class);

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

    /** The whole reply, as the audit trail keeps it: {@code 550 5.1.1 ...}. */
    public String reply() {
        return replyCode + " " + description();
    }

    /**
     * The hook result that gives this refusal.
     *
     * @param command what was refused, e.g. {@code RCPT TO:<x@chu.fr>} (the trail records the recipient or
     *                sender itself from the session)
     */
    public HookResult refuse(SMTPSession session, String command) {
        session.setAttachment(GIVEN, new Given(this), ProtocolSession.State.Connection);
        return result();
    }

    /** The hook result alone, for a refusal recorded by its hook itself (where no result hook is called). */
    public HookResult result() {
        return HookResult.builder()
            .hookReturnCode(replyCode.startsWith("4") ? HookReturnCode.denySoft() : HookReturnCode.deny())
            .smtpReturnCode(replyCode)
            .smtpDescription(description())
            .build();
    }

    /** A refusal as given. */
    public record Given(SmtpRefusal refusal) {
        public boolean answers(HookResult result) {
            return refusal.replyCode().equals(result.getSmtpRetCode())
                && refusal.description().equals(result.getSmtpDescription());
        }
    }
}
