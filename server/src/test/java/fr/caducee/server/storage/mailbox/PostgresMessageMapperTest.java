package fr.caducee.server.storage.mailbox;

import org.apache.james.mailbox.store.mail.model.MapperProvider;
import org.apache.james.mailbox.store.mail.model.MessageMapperTest;
import org.apache.james.utils.UpdatableTickingClock;

/** James's contract of a message mapper, on the PostgreSQL store. */
class PostgresMessageMapperTest extends MessageMapperTest {
    private final UpdatableTickingClock clock = new UpdatableTickingClock(java.time.Instant.now());

    @Override
    protected MapperProvider createMapperProvider() {
        try {
            return new PostgresMapperProvider(StorePostgres.fresh(), clock);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected UpdatableTickingClock updatableTickingClock() {
        return clock;
    }
}
