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
import fr.caducee.rules.smtp.SmtpAudit;
import fr.caducee.rules.smtp.SmtpRefusal;

/**
 * A patient's address at AUTH is answered {@code 535 5.7.8} with a sentence sending them to the webmail, before the
 * password is looked at: the same answer for a right and a wrong password, so SMTP tells nobody whether a patient's
 * password is right without the second factor the webmail asks for. Runs before James's password check, after any
 * hook that logs in otherwise (the webmail's single-use tickets). Recorded here: James's AUTH handler calls no result
 * hook. {@code caducee.patients.mailClients=true} lets patients' passwords through ({@link MailClientLogins}).
 */
public class PatientMailClientHook implements AuthHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(PatientMailClientHook.class);
    static final SmtpRefusal USE_THE_WEBMAIL = Rule.PATIENT_MAIL_CLIENT.refusal(MailClientLogins.SENTENCE);

    private final MailClientLogins logins;
    private final AuditTrail trail;

    @Inject
    public PatientMailClientHook(MailClientLogins logins, AuditTrail trail) {
        this.logins = logins;
        this.trail = trail;
    }

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        if (!logins.refusesPassword(username)) {
            return HookResult.DECLINED;
        }
        try {
            trail.append(SmtpAudit.record(Decision.REFUSED, session)
                .rule(USE_THE_WEBMAIL.rule())
                .reason(USE_THE_WEBMAIL.reply())
                .login(username.asString())
                .build());
        } catch (AuditUnavailableException e) {
            LOGGER.error("Patient's password at SMTP refused for {} but not recorded in the audit trail ({}) session={}",
                username.asString(), e.getMessage(), session.getSessionID());
        }
        return USE_THE_WEBMAIL.result();
    }

    /** A token (OIDC) names its subject after validation, which James does: nothing to answer here. */
    @Override
    public HookResult doSasl(SMTPSession session, OidcSASLConfiguration configuration, String initialResponse) {
        return HookResult.DECLINED;
    }
}
