package fr.caducee.server.storage.mailbox;

import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMapperTest;

/** James's contract of a mailbox mapper, on the PostgreSQL store. */
class PostgresMailboxMapperTest extends MailboxMapperTest {
    @Override
    protected MailboxMapper createMailboxMapper() {
        try {
            return new PostgresMailboxMapper(StorePostgres.fresh());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected MailboxId generateId() {
        return new BoxId(java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000_000, Long.MAX_VALUE));
    }
}
