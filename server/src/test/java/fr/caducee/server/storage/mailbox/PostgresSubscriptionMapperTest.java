package fr.caducee.server.storage.mailbox;

import org.apache.james.mailbox.store.user.SubscriptionMapper;
import org.apache.james.mailbox.store.user.SubscriptionMapperTest;

/** James's contract of a subscription mapper, on the PostgreSQL store. */
class PostgresSubscriptionMapperTest extends SubscriptionMapperTest {
    @Override
    protected SubscriptionMapper createSubscriptionMapper() {
        try {
            return new PostgresSubscriptionMapper(StorePostgres.fresh());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
