package fr.caducee.rules.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.Hook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookResultHook;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;

import fr.caducee.rules.senders.ServerWritten;
import fr.caducee.rules.smtp.SmtpRefusal;

/**
 * The patients' webmail logs in at submission with a single-use ticket ({@link SubmissionTickets}) as the password
 * of the box the patient opened: accepted only from a loopback peer, for that box alone, once. Anything else is left
 * to the password check that follows, where a wrong ticket fails as a wrong password does. In the submission chain
 * only: the MX offers no AUTH and IMAP never sees this hook, so a ticket is worth nothing there.
 *
 * <p>For a session a ticket logged in, the hook also tells the ticket's issuer every refusal the chain gives (it sees
 * the result of every hook, before {@code RefusalAuditHook}): the rule id as the audit trail records it and the
 * sentence, which the SMTP reply itself does not carry. A message of a session whose ticket says the server wrote it
 * (the gateway's) is marked so ({@link ServerWritten}), to be signed with the operator's key.
 */
public class SubmissionTicketHook implements AuthHook, HookResultHook, JamesMessageHook {
    /** The ticket a session logged in with. */
    static final ProtocolSession.AttachmentKey<SubmissionTickets.Redeemed> TICKET =
        ProtocolSession.AttachmentKey.of("caducee.submissionTicket", SubmissionTickets.Redeemed.class);
    private static final Pattern ENHANCED = Pattern.compile("([245]\\.[0-9]{1,3}\\.[0-9]{1,3})\\s+(.*)", Pattern.DOTALL);

    private final SubmissionTickets tickets;

    @Inject
    public SubmissionTicketHook(SubmissionTickets tickets) {
        this.tickets = tickets;
    }

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        if (password == null || !fromLoopback(session)) {
            return HookResult.DECLINED;
        }
        Optional<SubmissionTickets.Redeemed> ticket = tickets.redeem(password)
            .filter(redeemed -> redeemed.box().equals(username.asString().toLowerCase(Locale.ROOT)));
        if (ticket.isEmpty()) {
            return HookResult.DECLINED;
        }
        session.setUsername(Username.of(ticket.get().box()));
        session.setRelayingAllowed(true);
        session.setAttachment(TICKET, ticket.get(), ProtocolSession.State.Connection);
        return HookResult.builder().hookReturnCode(HookReturnCode.ok()).smtpDescription("Authentication Successful")
            .build();
    }

    /** Tokens (OIDC) are not tickets. */
    @Override
    public HookResult doSasl(SMTPSession session, OidcSASLConfiguration configuration, String initialResponse) {
        return HookResult.DECLINED;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        session.getAttachment(TICKET, ProtocolSession.State.Connection)
            .filter(SubmissionTickets.Redeemed::writtenByServer)
            .ifPresent(ticket -> ServerWritten.mark(mail, "loopback submission as " + ticket.box()));
        return HookResult.DECLINED;
    }

    @Override
    public HookResult onHookResult(SMTPSession session, HookResult result, long executionTime, Hook hook) {
        Optional<SubmissionTickets.Redeemed> ticket = session.getAttachment(TICKET, ProtocolSession.State.Connection);
        if (ticket.isPresent() && result != null && refusal(result.getResult())) {
            // Read, not removed: RefusalAuditHook, further down the chain, records the same refusal.
            Optional<SmtpRefusal> ours = session.getAttachment(SmtpRefusal.GIVEN, ProtocolSession.State.Connection)
                .filter(given -> given.answers(result)).map(SmtpRefusal.Given::refusal);
            if (ours.isPresent()) {
                ticket.get().refused(ours.get().replyCode() + " " + ours.get().enhancedCode(), ours.get().rule(),
                    ours.get().sentence());
            } else {
                told(ticket.get(), result, hook);
            }
        }
        return result;
    }

    /** A refusal by one of James's own hooks: named by the hook, as the audit trail names it. */
    private static void told(SubmissionTickets.Redeemed ticket, HookResult result, Hook hook) {
        String code = result.getSmtpRetCode() != null ? result.getSmtpRetCode()
            : result.getResult().getAction() == HookReturnCode.Action.DENY ? "550" : "451";
        String description = result.getSmtpDescription() == null ? "" : result.getSmtpDescription();
        Matcher enhanced = ENHANCED.matcher(description);
        if (enhanced.matches()) {
            ticket.refused(code + " " + enhanced.group(1), hook.getClass().getSimpleName(), enhanced.group(2));
        } else {
            ticket.refused(code, hook.getClass().getSimpleName(), description);
        }
    }

    private static boolean fromLoopback(SMTPSession session) {
        InetSocketAddress remote = session.getRemoteAddress();
        InetAddress address = remote == null ? null : remote.getAddress();
        return address != null && address.isLoopbackAddress();
    }

    private static boolean refusal(HookReturnCode code) {
        return code.getAction() == HookReturnCode.Action.DENY || code.getAction() == HookReturnCode.Action.DENYSOFT;
    }
}
