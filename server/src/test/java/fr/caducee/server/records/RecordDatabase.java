package fr.caducee.server.records;

import fr.caducee.server.storage.TestDatabase;

/** A real PostgreSQL for the record store's tests, one per test class. */
final class RecordDatabase extends TestDatabase {
    RecordDatabase() {
        super(8);
    }

    /** The record's and the spool's rows of the previous test removed (once the tables exist). */
    void empty() throws Exception {
        execute("DO $$ BEGIN IF to_regclass('record_document') IS NOT NULL THEN "
            + "DELETE FROM record_deposit; DELETE FROM record_document; DELETE FROM caducee_spool; END IF; END $$");
    }
}
