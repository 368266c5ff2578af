package fr.caducee.server.imap;

import org.apache.james.core.Username;
import org.apache.james.mailbox.DefaultMailboxes;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxExistsException;
import org.apache.james.mailbox.model.MailboxPath;

import reactor.core.publisher.Mono;

/**
 * The mailbox session of a box the sector's logins opened ({@link SectorLoginGuard}), as James's own login makes it:
 * the session is the box's (no delegation: who opened it is in the audit trail), its INBOX created at its first
 * login, with James's default mailboxes (Sent, Trash, Drafts...) when imapserver.xml provisions them.
 */
final class BoxSessions {
    private final MailboxManager mailboxes;

    BoxSessions(MailboxManager mailboxes) {
        this.mailboxes = mailboxes;
    }

    MailboxSession open(String box, boolean provisionDefaultMailboxes) throws MailboxException {
        Username user = Username.of(box);
        MailboxSession session = mailboxes.authenticate(user).withoutDelegation();
        if (!exists(MailboxPath.inbox(user), session)) {
            create(MailboxPath.inbox(user), session);
            if (provisionDefaultMailboxes) {
                for (String name : DefaultMailboxes.DEFAULT_MAILBOXES) {
                    MailboxPath path = MailboxPath.forUser(user, name);
                    if (!name.equals(DefaultMailboxes.INBOX) && !exists(path, session)) {
                        create(path, session);
                    }
                }
            }
        }
        return session;
    }

    private boolean exists(MailboxPath path, MailboxSession session) {
        return Boolean.TRUE.equals(Mono.from(mailboxes.mailboxExists(path, session)).block());
    }

    private void create(MailboxPath path, MailboxSession session) throws MailboxException {
        try {
            mailboxes.createMailbox(path, MailboxManager.CreateOption.CREATE_SUBSCRIPTION, session);
        } catch (MailboxExistsException e) {
            // another session of the same box created it meanwhile
        }
    }
}
