package fr.caducee.server.storage.spool;

import fr.caducee.server.storage.TestDatabase;

/** A real PostgreSQL for the spool's tests, one per test class, through a small pool as in the server. */
final class SpoolDatabase extends TestDatabase {
    SpoolDatabase() {
        super(16);
    }

    /** The spool's rows of the previous test removed (once its table exists). */
    void empty() throws Exception {
        execute("DO $$ BEGIN IF to_regclass('caducee_spool') IS NOT NULL THEN DELETE FROM caducee_spool; END IF; END $$");
    }
}
