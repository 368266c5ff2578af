package fr.caducee.rules.senders;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.RcptHook;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.rules.Rule;

/**
 * Who may be the envelope sender. Logged in (submission): a box the login may write as according to the directory
 * (its own box, the professional's other PER and CAB boxes, the ORG boxes they are responsible for or a member
 * of), never the empty sender. Not logged in (MX): never an address of a domain served here, which only our own
 * clients may use. Checked again at RCPT, because MAIL may come before AUTH is known to a pipelining client.
 * Replaces James's check, which knows only "sender equals login".
 */
public class SenderAuthorizationHook implements MailHook, RcptHook {
    private final Directory directory;
    private final DomainList localDomains;

    @Inject
    public SenderAuthorizationHook(Directory directory, DomainList localDomains) {
        this.directory = directory;
        this.localDomains = localDomains;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        return check(session, sender, "MAIL FROM:<" + sender.asString() + ">");
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        return check(session, sender, "RCPT TO:<" + recipient.asString() + ">");
    }

    private HookResult check(SMTPSession session, MaybeSender sender, String command) {
        try {
            if (session.getUsername() == null) {
                return unauthenticated(session, sender, command);
            }
            String login = session.getUsername().asString();
            if (sender.isNullSender()) {
                return Rule.SENDER_EMPTY.refusal(
                    "A message sent by a mail client needs a sender: use MAIL FROM:<" + login + ">")
                    .refuse(session, command);
            }
            if (directory.mayWriteAs(BoxAddress.parse(login), BoxAddress.parse(sender.get().asString()))) {
                return HookResult.DECLINED;
            }
            return Rule.SENDER_NOT_ALLOWED.refusal(
                login + " may not send as " + sender.get().asString()
                    + ": only as its own boxes and the organisational boxes it is a member of").refuse(session, command);
        } catch (InvalidIdentifierException e) {
            return Rule.SENDER_MALFORMED.refusal(e.getMessage()).refuse(session, command);
        } catch (DirectoryUnavailableException | DomainListException e) {
            return Rule.DIRECTORY_UNAVAILABLE.refusal(
                "Cannot check the sender in the directory right now: try again later").refuse(session, command);
        }
    }

    private HookResult unauthenticated(SMTPSession session, MaybeSender sender, String command)
            throws DomainListException {
        if (sender.isNullSender() || session.isRelayingAllowed()
                || !localDomains.containsDomain(sender.get().getDomain())) {
            return HookResult.DECLINED;
        }
        return Rule.SENDER_LOCAL_UNAUTHENTICATED.refusal(
            sender.get().asString() + " is an address of this operator: log in on the submission port to send as it")
            .refuse(session, command);
    }
}
