package fr.caducee.server.storage;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAMessageMapper;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;

/**
 * James's JPA message mapper, deleting messages (EXPUNGE, CLOSE, MOVE) by a range of the message table's primary
 * key.
 *
 * <p>OpenJPA turns James's JPQL delete into {@code DELETE FROM JAMES_MAIL WHERE EXISTS (SELECT 1 FROM JAMES_MAIL t0
 * WHERE ...)}, which a database may run as a scan of the whole table, every mailbox's rows included, waiting for
 * the row of any message being delivered anywhere: the soak test saw such expunges deadlock with deliveries and be
 * refused (docs/JAMES-NOTES.md). Bounded by the key, the delete reads only the rows it removes;
 * a delivery meanwhile waits for it to commit instead. Properties and user flags go with their message through the
 * foreign keys' {@code ON DELETE CASCADE}.
 */
public class KeyRangeMessageMapper extends JPAMessageMapper {
    static final String DELETE_RANGE = "DELETE FROM JAMES_MAIL WHERE MAILBOX_ID = ? AND MAIL_UID BETWEEN ? AND ?";

    public KeyRangeMessageMapper(JPAUidProvider uidProvider, JPAModSeqProvider modSeqProvider,
                                 EntityManagerFactory entityManagerFactory) {
        super(uidProvider, modSeqProvider, entityManagerFactory);
    }

    @Override
    public Map<MessageUid, MessageMetaData> deleteMessages(Mailbox mailbox, List<MessageUid> uids) throws MailboxException {
        long mailboxId = ((JPAId) mailbox.getMailboxId()).getRawId();
        Map<MessageUid, MessageMetaData> deleted = new HashMap<>();
        for (MessageRange range : MessageRange.toRanges(uids)) {
            // What the expunge event tells listeners (quota, search index, IMAP sessions) of each message.
            Iterator<MailboxMessage> messages = findInMailbox(mailbox, range, FetchType.METADATA, -1);
            messages.forEachRemaining(message -> deleted.put(message.getUid(), message.metaData()));
            try {
                getEntityManager().createNativeQuery(DELETE_RANGE)
                    .setParameter(1, mailboxId)
                    .setParameter(2, range.getUidFrom().asLong())
                    .setParameter(3, range.getUidTo().asLong())
                    .executeUpdate();
            } catch (PersistenceException e) {
                throw new MailboxException("Delete of messages " + range + " failed in mailbox " + mailbox, e);
            }
        }
        return deleted;
    }
}
