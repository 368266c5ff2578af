package fr.caducee.mailets.smtp;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.Hook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookResultHook;
import org.apache.james.protocols.smtp.hook.HookReturnCode;

/**
 * Writes to the audit trail the refusals that James's own hooks give (unknown box, relaying denied, sender not
 * matching the login...), so that every refusal is there, not only ours (which {@link SmtpRefusal} records).
 */
public class RefusalAuditHook implements HookResultHook {
    @Override
    public HookResult onHookResult(SMTPSession session, HookResult result, long executionTime, Hook hook) {
        if (result != null && isRefusal(result.getResult()) && !isOurs(hook)) {
            SmtpRefusal.auditForeign(session, hook.getClass().getSimpleName(), result);
        }
        return result;
    }

    private static boolean isRefusal(HookReturnCode code) {
        return code.getAction() == HookReturnCode.Action.DENY || code.getAction() == HookReturnCode.Action.DENYSOFT;
    }

    private static boolean isOurs(Hook hook) {
        return hook.getClass().getPackageName().equals(RefusalAuditHook.class.getPackageName());
    }
}
