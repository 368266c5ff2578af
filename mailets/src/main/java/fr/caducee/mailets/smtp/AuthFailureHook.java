package fr.caducee.mailets.smtp;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;

/**
 * Runs after the password check and only when it did not succeed: answers {@code 535 5.7.8} (RFC 4954,
 * authentication credentials invalid) and records the failed login in the audit trail.
 */
public class AuthFailureHook implements AuthHook {
    static final SmtpRefusal INVALID_CREDENTIALS = new SmtpRefusal("535", "5.7.8", "authentication-failed",
        "Authentication credentials invalid: check the box address and password");

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        return INVALID_CREDENTIALS.refuse(session, "AUTH " + username.asString());
    }

    /** No token-based (OIDC) login is configured: nothing to add to James's own answer. */
    @Override
    public HookResult doSasl(SMTPSession session, OidcSASLConfiguration configuration, String initialResponse) {
        return HookResult.DECLINED;
    }
}
