package fr.caducee.server.storage;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versioned schema of our own tables (today the conversations of {@link JdbcConversationStore}), applied at start
 * by Flyway from {@code fr/caducee/server/storage/migration/V<n>__<what>.sql}, recorded in
 * {@code caducee_schema_history}. James's own tables (mailboxes, messages, users...) are not among them: OpenJPA
 * creates and extends those itself.
 *
 * <p>A database created before migrations were versioned already holds version 1's tables without a history: it is
 * recorded at version 1 (baseline) and only later versions run. A database holding James's tables but none of ours
 * is not empty for Flyway, so the history starts below version 1 there and every migration runs.
 */
public final class SchemaMigrations {
    static final String HISTORY = "caducee_schema_history";
    private static final Logger LOGGER = LoggerFactory.getLogger(SchemaMigrations.class);

    private SchemaMigrations() {
    }

    public static void apply(DataSource dataSource) {
        boolean versionOneWithoutHistory;
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            versionOneWithoutHistory = tableExists(metaData, "CADUCEE_CONVERSATION") && !tableExists(metaData, HISTORY);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database's tables to apply our migrations", e);
        }
        Flyway flyway = Flyway.configure(SchemaMigrations.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:fr/caducee/server/storage/migration")
            .table(HISTORY)
            .baselineOnMigrate(true)
            .baselineVersion(versionOneWithoutHistory ? "1" : "0")
            .baselineDescription(versionOneWithoutHistory ? "tables created before versioned migrations" : "<< start >>")
            .load();
        MigrateResult result = flyway.migrate();
        if (result.migrationsExecuted > 0 || versionOneWithoutHistory) {
            LOGGER.info("Database schema of Caducée's tables at version {} ({} migration(s) applied)",
                result.targetSchemaVersion != null ? result.targetSchemaVersion : flyway.info().current().getVersion(),
                result.migrationsExecuted);
        }
    }

    static boolean tableExists(DatabaseMetaData metaData, String table) throws SQLException {
        // PostgreSQL folds unquoted names to lower case; Flyway quotes its history table's (lower-case) name.
        try (ResultSet tables = metaData.getTables(null, null, table.toLowerCase(), null)) {
            return tables.next();
        }
    }
}
