package fr.caducee.server.storage.spool;

import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueFactoryContract;
import org.apache.james.queue.api.ManageableMailQueueFactoryContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresMailQueueFactoryTest implements MailQueueFactoryContract<PostgresMailQueue>,
        ManageableMailQueueFactoryContract<PostgresMailQueue> {
    @RegisterExtension
    static final SpoolDatabase DATABASE = new SpoolDatabase();

    private PostgresMailQueueFactory factory;

    @BeforeEach
    void setUp() throws Exception {
        factory = DATABASE.emptyFactory();
    }

    @AfterEach
    void tearDown() {
        factory.stop();
    }

    @Override
    public MailQueueFactory<PostgresMailQueue> getMailQueueFactory() {
        return factory;
    }
}
