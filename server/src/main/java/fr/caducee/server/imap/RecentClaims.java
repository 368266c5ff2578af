package fr.caducee.server.imap;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.inject.Singleton;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;

/**
 * Which session a new message is {@code \Recent} in: the first whose selection hears of it, and no other (RFC 9051
 * 2.3.2: "this session is the first session to have been notified about this message").
 *
 * <p>James 3.8.1 marks a delivered message recent in every session that has its mailbox selected (imaptest: {@code
 * \Recent flag in multiple sessions}). UIDs only grow in a mailbox, so the highest UID claimed per mailbox is all
 * there is to remember: a UID above it is new to every session.
 */
@Singleton
public final class RecentClaims {
    private final Map<MailboxId, MessageUid> highestClaimed = new ConcurrentHashMap<>();

    /** Whether the caller is the first to claim this message as recent. */
    boolean claim(MailboxId mailbox, MessageUid uid) {
        AtomicBoolean claimed = new AtomicBoolean();
        highestClaimed.compute(mailbox, (id, highest) -> {
            if (highest == null || uid.compareTo(highest) > 0) {
                claimed.set(true);
                return uid;
            }
            return highest;
        });
        return claimed.get();
    }
}
