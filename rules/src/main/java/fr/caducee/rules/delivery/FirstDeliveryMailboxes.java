package fr.caducee.rules.delivery;

import java.util.Optional;

import javax.mail.Flags;
import javax.mail.internet.MimeMessage;

import org.apache.james.mailbox.DefaultMailboxes;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager.AppendResult;
import org.apache.james.mailbox.exception.MailboxExistsException;
import org.apache.james.mailbox.model.MailboxConstants;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.transport.mailets.delivery.MailboxAppenderImpl;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * James's mailbox appender that gives a box its default mailboxes (Sent, Drafts, Trash... with their special use,
 * {@link DefaultMailboxes}) with its first message, as James's IMAP login does at a first login. James creates them
 * only at a login that finds no INBOX: a box that received mail before its first login (most PER boxes, every
 * patient's) had its INBOX made by the delivery and was never given the others.
 *
 * <p>They are made before the INBOX, so that a delivery cut between the two leaves the INBOX missing and the next
 * one provisions again; each is made only when missing (a box's owner may have deleted one since: once the INBOX
 * exists nothing is made here). Two first deliveries at once may both make one: the second is told it exists.
 */
public class FirstDeliveryMailboxes extends MailboxAppenderImpl {
    private final MailboxManager mailboxes;

    public FirstDeliveryMailboxes(MailboxManager mailboxes) {
        super(mailboxes);
        this.mailboxes = mailboxes;
    }

    @Override
    protected Mono<AppendResult> appendMessageToMailbox(MimeMessage mail, MailboxSession session, MailboxPath path,
                                                        Optional<Flags> flags) {
        if (!MailboxConstants.INBOX.equalsIgnoreCase(path.getName())) {
            return super.appendMessageToMailbox(mail, session, path, flags);
        }
        return Mono.from(mailboxes.mailboxExists(path, session))
            .flatMap(exists -> exists ? Mono.<Void>empty() : provision(path, session))
            .then(Mono.defer(() -> super.appendMessageToMailbox(mail, session, path, flags)));
    }

    private Mono<Void> provision(MailboxPath inbox, MailboxSession session) {
        return Flux.fromIterable(DefaultMailboxes.DEFAULT_MAILBOXES)
            .filter(name -> !name.equalsIgnoreCase(MailboxConstants.INBOX))
            .map(name -> MailboxPath.forUser(inbox.getUser(), name))
            .concatMap(path -> Mono.from(mailboxes.mailboxExists(path, session))
                .flatMap(exists -> exists ? Mono.empty() : Mono.from(
                        mailboxes.createMailboxReactive(path, MailboxManager.CreateOption.CREATE_SUBSCRIPTION, session))
                    .onErrorResume(MailboxExistsException.class, alreadyMade -> Mono.empty())))
            .then();
    }
}
