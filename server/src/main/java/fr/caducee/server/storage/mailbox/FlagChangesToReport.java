package fr.caducee.server.storage.mailbox;

import java.util.Collection;

import org.apache.james.mailbox.MessageUid;

/**
 * A selected mailbox told which messages' flags its session is about to report (the changes other sessions made since
 * its last command). James asks for them one range of consecutive UIDs at a time, one statement each: ten messages
 * apart marked read cost ten. Told first, the mailbox reads them all in one statement and answers each range from it.
 */
public interface FlagChangesToReport {
    /** The messages whose flags the next reads will ask for; an empty collection once they are reported. */
    void willReport(Collection<MessageUid> uids);
}
