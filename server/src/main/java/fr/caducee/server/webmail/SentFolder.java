package fr.caducee.server.webmail;

import javax.inject.Inject;
import javax.inject.Named;
import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.exception.MailboxExistsException;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MailboxPath;

import reactor.core.publisher.Mono;

/**
 * The box's {@value #NAME} mailbox, where the webmail keeps what the patient sent, seen, as a mail client keeps its
 * copies: through James's mailbox API, so that an IMAP session sees it arrive and the receipts of what was sent find
 * their copy ({@code server/receipts} looks for a sent-mail folder by this name). Created when missing.
 */
class SentFolder {
    static final String NAME = "Sent";

    private final MailboxManager mailboxes;

    @Inject
    SentFolder(@Named("mailboxmanager") MailboxManager mailboxes) {
        this.mailboxes = mailboxes;
    }

    void keep(String box, byte[] message) throws MailboxException {
        Username owner = Username.of(box);
        MailboxSession session = mailboxes.createSystemSession(owner);
        try {
            MailboxPath path = MailboxPath.forUser(owner, NAME);
            if (!Boolean.TRUE.equals(Mono.from(mailboxes.mailboxExists(path, session)).block())) {
                try {
                    mailboxes.createMailbox(path, session);
                } catch (MailboxExistsException e) {
                    // Another message of the same box was sent meanwhile and made it.
                }
            }
            mailboxes.getMailbox(path, session).appendMessage(MessageManager.AppendCommand.builder()
                .withFlags(new Flags(Flags.Flag.SEEN)).notRecent().build(message), session);
        } finally {
            mailboxes.endProcessingRequest(session);
        }
    }
}
