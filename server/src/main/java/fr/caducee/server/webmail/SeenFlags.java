package fr.caducee.server.webmail;

import java.util.List;

import javax.inject.Inject;
import javax.inject.Named;
import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;

/**
 * Marks messages of a box's INBOX {@code \Seen} through James's mailbox API, as an IMAP STORE would: the
 * mod-sequence moves and open IMAP sessions are told, so a mail client and the webmail agree on what was read.
 */
class SeenFlags {
    private final MailboxManager mailboxes;

    @Inject
    SeenFlags(@Named("mailboxmanager") MailboxManager mailboxes) {
        this.mailboxes = mailboxes;
    }

    void markSeen(String box, List<Long> inboxUids) {
        Username owner = Username.of(box);
        MailboxSession session = mailboxes.createSystemSession(owner);
        try {
            MessageManager inbox = mailboxes.getMailbox(MailboxPath.inbox(owner), session);
            for (long uid : inboxUids) {
                inbox.setFlags(new Flags(Flags.Flag.SEEN), MessageManager.FlagsUpdateMode.ADD,
                    MessageRange.one(MessageUid.of(uid)), session);
            }
        } catch (MailboxException e) {
            throw new SqlPatientMailbox.MailboxUnavailableException("Cannot mark messages of " + box + " seen: "
                + e.getMessage(), e);
        } finally {
            mailboxes.endProcessingRequest(session);
        }
    }
}
