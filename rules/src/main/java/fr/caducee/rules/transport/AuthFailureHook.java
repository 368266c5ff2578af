package fr.caducee.rules.transport;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.rules.Rule;
import fr.caducee.rules.audit.RefusalAuditHook;
import fr.caducee.rules.smtp.SmtpAudit;
import fr.caducee.rules.smtp.SmtpRefusal;

/**
 * Runs after the password check and only when it did not succeed: answers {@code 535 5.7.8} (RFC 4954,
 * authentication credentials invalid) and records the refusal in the audit trail with the login that was tried.
 * It records it itself: James's AUTH handler calls no result hook, so {@link RefusalAuditHook} does not see it.
 */
public class AuthFailureHook implements AuthHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuthFailureHook.class);
    static final SmtpRefusal INVALID_CREDENTIALS = Rule.AUTHENTICATION_FAILED.refusal(
        "Authentication credentials invalid: check the box address and password");

    private final AuditTrail trail;

    @Inject
    public AuthFailureHook(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        try {
            trail.append(SmtpAudit.record(Decision.REFUSED, session)
                .rule(INVALID_CREDENTIALS.rule())
                .reason(INVALID_CREDENTIALS.reply())
                .login(username.asString())
                .build());
        } catch (AuditUnavailableException e) {
            LOGGER.error("Failed login of {} not recorded in the audit trail ({}) session={}", username.asString(),
                e.getMessage(), session.getSessionID());
        }
        return INVALID_CREDENTIALS.result();
    }

    /** No token-based (OIDC) login is configured: nothing to add to James's own answer. */
    @Override
    public HookResult doSasl(SMTPSession session, OidcSASLConfiguration configuration, String initialResponse) {
        return HookResult.DECLINED;
    }
}
