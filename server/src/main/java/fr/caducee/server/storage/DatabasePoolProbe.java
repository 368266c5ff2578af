package fr.caducee.server.storage;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;

/**
 * The database pool as the launcher reaches it after James has stopped: closed before a managed PostgreSQL is, so
 * the database's log shows clients leaving rather than {@code FATAL: terminating connection due to administrator
 * command} at every stop.
 */
public class DatabasePoolProbe implements GuiceProbe {
    private final CountedDataSource pool;

    @Inject
    DatabasePoolProbe(CountedDataSource pool) {
        this.pool = pool;
    }

    public void close() throws Exception {
        pool.close();
    }
}
