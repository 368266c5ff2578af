package fr.caducee.server.storage.mailbox;

import org.apache.james.core.Username;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.store.mail.AnnotationMapper;
import org.apache.james.mailbox.store.mail.model.AnnotationMapperTest;

/** James's contract of an annotation mapper, on the PostgreSQL store (annotations belong to an existing mailbox). */
class PostgresAnnotationMapperTest extends AnnotationMapperTest {
    private MailboxDatabase database;

    @Override
    protected AnnotationMapper createAnnotationMapper() {
        try {
            database = StorePostgres.fresh();
            return new PostgresAnnotationMapper(database);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected MailboxId generateMailboxId() {
        return new PostgresMailboxMapper(database)
            .create(MailboxPath.forUser(Username.of("annotations@caducee.localhost"), "INBOX"), UidValidity.of(42))
            .block()
            .getMailboxId();
    }
}
