package fr.caducee.server.storage;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.jpa.JPAMailboxSessionMapperFactory;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.apache.james.mailbox.store.mail.MessageMapper;

/**
 * James's JPA mappers, with messages deleted by primary-key range ({@link KeyRangeMessageMapper}) and mailboxes by
 * their row ({@link CascadingMailboxMapper}): James's JPQL deletes of messages read far more of the message table
 * than they remove, and deadlocked with deliveries (docs/JAMES-NOTES.md).
 */
public class KeyRangeMapperFactory extends JPAMailboxSessionMapperFactory {
    private final EntityManagerFactory entityManagerFactory;
    private final JPAUidProvider uidProvider;
    private final JPAModSeqProvider modSeqProvider;

    @Inject
    public KeyRangeMapperFactory(EntityManagerFactory entityManagerFactory, JPAUidProvider uidProvider,
                                 JPAModSeqProvider modSeqProvider) {
        super(entityManagerFactory, uidProvider, modSeqProvider);
        this.entityManagerFactory = entityManagerFactory;
        this.uidProvider = uidProvider;
        this.modSeqProvider = modSeqProvider;
    }

    @Override
    public MessageMapper createMessageMapper(MailboxSession session) {
        return new KeyRangeMessageMapper(uidProvider, modSeqProvider, entityManagerFactory);
    }

    @Override
    public MailboxMapper createMailboxMapper(MailboxSession session) {
        return new CascadingMailboxMapper(entityManagerFactory);
    }
}
