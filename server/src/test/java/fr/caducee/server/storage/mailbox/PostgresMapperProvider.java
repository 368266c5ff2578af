package fr.caducee.server.storage.mailbox;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.store.mail.AttachmentMapper;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.apache.james.mailbox.store.mail.MessageIdMapper;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MapperProvider;

import fr.caducee.server.storage.search.MessageIndexing;

/** James's contract tests' view of the store: mailboxes, messages (with MOVE), annotations, ACLs, on PostgreSQL. */
final class PostgresMapperProvider implements MapperProvider {
    private final MailboxDatabase database;
    private final Clock clock;

    PostgresMapperProvider(MailboxDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public List<Capabilities> getSupportedCapabilities() {
        return List.of(Capabilities.MESSAGE, Capabilities.MAILBOX, Capabilities.ANNOTATION, Capabilities.MOVE,
            Capabilities.THREAD_SAFE_FLAGS_UPDATE, Capabilities.INCREMENTAL_APPLICABLE_FLAGS, Capabilities.ACL_STORAGE);
    }

    @Override
    public MailboxMapper createMailboxMapper() {
        return new PostgresMailboxMapper(database);
    }

    @Override
    public MessageMapper createMessageMapper() {
        return new PostgresMessageMapper(database, MessageIndexing.NONE, clock);
    }

    @Override
    public MessageIdMapper createMessageIdMapper() {
        throw new UnsupportedOperationException("no message-id mapper");
    }

    @Override
    public AttachmentMapper createAttachmentMapper() {
        throw new UnsupportedOperationException("no attachment mapper");
    }

    @Override
    public MailboxId generateId() {
        return new BoxId(ThreadLocalRandom.current().nextLong(1_000_000, Long.MAX_VALUE));
    }

    @Override
    public MessageUid generateMessageUid() {
        throw new UnsupportedOperationException("UIDs are allocated by the statement storing the message");
    }

    @Override
    public ModSeq generateModSeq(Mailbox mailbox) throws org.apache.james.mailbox.exception.MailboxException {
        return new MailboxRowSequences(database).nextModSeq(mailbox);
    }

    @Override
    public ModSeq highestModSeq(Mailbox mailbox) throws org.apache.james.mailbox.exception.MailboxException {
        return new MailboxRowSequences(database).highestModSeq(mailbox);
    }

    @Override
    public boolean supportPartialAttachmentFetch() {
        return false;
    }

    @Override
    public MessageId generateMessageId() {
        return new StoredMessageId.Factory().generate();
    }
}
