package fr.caducee.server.storage.mailbox;

import java.time.Clock;

import org.apache.james.mailbox.store.mail.model.MapperProvider;
import org.apache.james.mailbox.store.mail.model.MessageMoveTest;

/** James's contract of MOVE in a message mapper, on the PostgreSQL store. */
class PostgresMessageMoveTest extends MessageMoveTest {
    @Override
    protected MapperProvider createMapperProvider() {
        try {
            return new PostgresMapperProvider(StorePostgres.fresh(), Clock.systemUTC());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
