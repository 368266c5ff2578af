package fr.caducee.rules.smtp;

import java.util.List;

import org.apache.james.protocols.api.handler.CommandDispatcher;
import org.apache.james.protocols.api.handler.CommandHandlerResultLogger;
import org.apache.james.protocols.smtp.core.HelpCmdHandler;
import org.apache.james.protocols.smtp.core.NoopCmdHandler;
import org.apache.james.protocols.smtp.core.PostmasterAbuseRcptHook;
import org.apache.james.protocols.smtp.core.QuitCmdHandler;
import org.apache.james.protocols.smtp.core.ReceivedDataLineFilter;
import org.apache.james.protocols.smtp.core.RsetCmdHandler;
import org.apache.james.protocols.smtp.core.UnknownCmdHandler;
import org.apache.james.protocols.smtp.core.esmtp.StartTlsCmdHandler;
import org.apache.james.protocols.smtp.core.log.HookResultLogger;
import org.apache.james.smtpserver.AddDefaultAttributesMessageHook;
import org.apache.james.smtpserver.AuthRequiredToRelayRcptHook;
import org.apache.james.smtpserver.DataLineJamesMessageHookHandler;
import org.apache.james.smtpserver.JamesDataCmdHandler;
import org.apache.james.smtpserver.JamesMailCmdHandler;
import org.apache.james.smtpserver.JamesRcptCmdHandler;
import org.apache.james.smtpserver.UsersRepositoryAuthHook;

import fr.caducee.rules.audit.RefusalAuditHook;
import fr.caducee.rules.senders.SenderAuthorizationHook;
import fr.caducee.rules.transport.AuthFailureHook;
import fr.caducee.rules.transport.PatientMailClientHook;
import fr.caducee.rules.transport.TlsFirstAuthCmdHandler;

/**
 * The SMTP command handlers every Caducée listener ends its chain with (see {@link MxChain} and
 * {@link SubmissionChain}): James's core set, with these differences:
 * <ul>
 *   <li>{@link Greeting}, {@link EhloReply} and {@link HeloReply} instead of James's greeting, EHLO and HELO, so that
 *       the greeting names the server and is ASCII, and the EHLO and HELO lines end where RFC 5321 ends them;</li>
 *   <li>{@link TlsFirstAuthCmdHandler} instead of James's AUTH handler, so that AUTH before TLS is refused
 *       ({@code 530 5.7.0}) rather than only left out of the EHLO answer;</li>
 *   <li>no VRFY or EXPN: box addresses of a health trust space are not to be harvested one guess at a time;</li>
 *   <li>{@link MessageSizeLimit} instead of James's size extension, so that oversize DATA gets {@code 552 5.3.4};</li>
 *   <li>{@link PatientMailClientHook} before the password check, so that a patient's address gets {@code 535 5.7.8}
 *       and a sentence sending them to the webmail, whatever the password (patients log in with a second factor);</li>
 *   <li>{@link AuthFailureHook} after the password check, so that a failed login gets {@code 535 5.7.8} and an audit
 *       record;</li>
 *   <li>{@link RefusalAuditHook}, so that refusals by James's own hooks reach the audit trail too;</li>
 *   <li>{@link SenderAuthorizationHook} instead of James's sender check, which knows only "sender equals login":
 *       the directory says which boxes a login may send as;</li>
 *   <li>{@link SpoolingHandler} instead of SendMailHandler: the message held in the spool, its acceptance recorded,
 *       then released and answered 250, so that the trail records exactly what the spool has; a message the spool
 *       or the trail cannot take gets {@code 451 4.3.0} and a sentence saying to send it again.</li>
 * </ul>
 */
public final class CommandHandlers {
    /** In the order James calls them, after the chain's own rules. */
    static final List<String> ALL = List.of(
        Greeting.class.getName(),
        CommandDispatcher.class.getName(),
        TlsFirstAuthCmdHandler.class.getName(),
        JamesDataCmdHandler.class.getName(),
        EhloReply.class.getName(),
        HeloReply.class.getName(),
        HelpCmdHandler.class.getName(),
        JamesMailCmdHandler.class.getName(),
        NoopCmdHandler.class.getName(),
        QuitCmdHandler.class.getName(),
        JamesRcptCmdHandler.class.getName(),
        RsetCmdHandler.class.getName(),
        MessageSizeLimit.class.getName(),
        PatientMailClientHook.class.getName(),
        UsersRepositoryAuthHook.class.getName(),
        AuthFailureHook.class.getName(),
        AuthRequiredToRelayRcptHook.class.getName(),
        SenderAuthorizationHook.class.getName(),
        PostmasterAbuseRcptHook.class.getName(),
        ReceivedDataLineFilter.class.getName(),
        DataLineJamesMessageHookHandler.class.getName(),
        StartTlsCmdHandler.class.getName(),
        AddDefaultAttributesMessageHook.class.getName(),
        SpoolingHandler.class.getName(),
        UnknownCmdHandler.class.getName(),
        CommandHandlerResultLogger.class.getName(),
        HookResultLogger.class.getName(),
        RefusalAuditHook.class.getName());

    private CommandHandlers() {
    }
}
