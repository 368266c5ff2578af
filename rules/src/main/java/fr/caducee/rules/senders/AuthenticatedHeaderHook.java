package fr.caducee.rules.senders;

import java.util.Locale;

import javax.mail.MessagingException;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;

import fr.caducee.rules.Rule;


/**
 * On the submission ports: {@code X-Caducee-Authenticated: <login>} tells the recipient which box proved itself
 * with its password to send the message (the {@code From:} may be an organisational box the login writes as). It
 * replaces any header of that name the client wrote.
 */
public class AuthenticatedHeaderHook implements JamesMessageHook {
    public static final String HEADER = ForgeableHeadersHook.OWN_PREFIX + "Authenticated";

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        if (session.getUsername() == null) {
            return HookResult.DECLINED;
        }
        try {
            mail.getMessage().setHeader(HEADER, session.getUsername().asString().toLowerCase(Locale.ROOT));
            return HookResult.DECLINED;
        } catch (MessagingException e) {
            return Rule.IDENTITY_HEADER_FAILED.refusal(
                "The message could not be prepared: try again later").refuse(session, "DATA");
        }
    }
}
