package fr.caducee.server.storage.mailbox;

import java.time.Clock;

import javax.inject.Inject;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.mail.AnnotationMapper;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.apache.james.mailbox.store.mail.MessageIdMapper;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.UidProvider;
import org.apache.james.mailbox.store.user.SubscriptionMapper;

import fr.caducee.server.storage.search.MessageIndexing;

/**
 * The mailbox store's mappers. They hold no state of their own (each call takes a connection from the pool for
 * its statement or transaction), so one of each serves every session.
 */
public final class PostgresMapperFactory extends MailboxSessionMapperFactory {
    private final MailboxRowSequences sequences;
    private final PostgresMailboxMapper mailboxes;
    private final PostgresMessageMapper messages;
    private final PostgresSubscriptionMapper subscriptions;
    private final PostgresAnnotationMapper annotations;

    @Inject
    public PostgresMapperFactory(MailboxDatabase database, MessageIndexing indexing, MailboxRowSequences sequences,
                                 Clock clock) {
        this.sequences = sequences;
        this.mailboxes = new PostgresMailboxMapper(database);
        this.messages = new PostgresMessageMapper(database, indexing, clock);
        this.subscriptions = new PostgresSubscriptionMapper(database);
        this.annotations = new PostgresAnnotationMapper(database);
    }

    @Override
    public AnnotationMapper createAnnotationMapper(MailboxSession session) {
        return annotations;
    }

    @Override
    public MessageMapper createMessageMapper(MailboxSession session) {
        return messages;
    }

    /** As with James's JPA store: no message-id mapper, hence no JMAP; IMAP is the access protocol. */
    @Override
    public MessageIdMapper createMessageIdMapper(MailboxSession session) {
        throw new UnsupportedOperationException("The mailbox store has no message-id mapper (JMAP is not offered)");
    }

    @Override
    public MailboxMapper createMailboxMapper(MailboxSession session) {
        return mailboxes;
    }

    @Override
    public SubscriptionMapper createSubscriptionMapper(MailboxSession session) {
        return subscriptions;
    }

    @Override
    public UidProvider getUidProvider() {
        return sequences;
    }

    @Override
    public ModSeqProvider getModSeqProvider() {
        return sequences;
    }
}
