package fr.caducee.rules.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.assertj.core.api.AbstractStringAssert;

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

    /**
     * Asserts that {@code result} refuses with this reply code, enhanced code and rule, and that the session carries
     * that very refusal for the audit hook; returns an assertion on the sentence the client reads.
     */
    public static AbstractStringAssert<?> assertRefused(HookResult result, SMTPSession session, String replyCode,
                                                        String enhancedCode, String rule) {
        HookReturnCode.Action action = replyCode.startsWith("4") ? HookReturnCode.Action.DENYSOFT
            : HookReturnCode.Action.DENY;
        assertThat(result.getResult().getAction()).as("hook return code").isEqualTo(action);
        assertThat(result.getSmtpRetCode()).as("reply code").isEqualTo(replyCode);
        assertThat(result.getSmtpDescription()).as("enhanced code").startsWith(enhancedCode + " ");
        SmtpRefusal.Given given = session.getAttachment(SmtpRefusal.GIVEN, ProtocolSession.State.Connection)
            .orElseThrow(() -> new AssertionError("no refusal left on the session for the audit trail"));
        assertThat(given.refusal().rule()).as("rule").isEqualTo(rule);
        assertThat(given.answers(result)).as("the refusal on the session is the one answered").isTrue();
        return assertThat(result.getSmtpDescription().substring(enhancedCode.length() + 1)).as("sentence");
    }

    /** Asserts that {@code result} lets the command on to the next hook, and that no refusal was left. */
    public static void assertDeclined(HookResult result, SMTPSession session) {
        assertThat(result.getResult().getAction()).as("hook return code").isEqualTo(HookReturnCode.Action.DECLINED);
        assertThat(ruleGiven(session)).as("rule of a refusal given").isNull();
    }
}
