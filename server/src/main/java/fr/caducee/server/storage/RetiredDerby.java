package fr.caducee.server.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Embedded Derby, the database of earlier versions, is no longer read: a data folder still holding its database, not
 * yet copied into PostgreSQL, stops the start with the command that copies it ({@code scripts/migrate-derby},
 * docs/MIGRATION.md). Starting without it would show every mailbox empty, and new mail would land beside the old.
 */
public final class RetiredDerby {
    public static final String MIGRATION_COMMAND = "scripts/migrate-derby --from ";
    static final String DATABASE = "var/store/derby";
    static final String MIGRATED = "var/store/derby.migrated";

    private RetiredDerby() {
    }

    public static Path databaseOf(Path dataDir) {
        return dataDir.resolve(DATABASE);
    }

    /** At start: refuses a data folder whose Derby database was never migrated. */
    public static void checkDataFolder(Path dataDir) {
        if (Files.exists(databaseOf(dataDir)) && !Files.exists(dataDir.resolve(MIGRATED))) {
            throw new IllegalStateException(databaseOf(dataDir) + " holds the mail of an earlier version in embedded "
                + "Derby, which this version no longer reads: copy it into PostgreSQL once with '" + MIGRATION_COMMAND
                + dataDir + "' (docs/MIGRATION.md), with the server stopped, then start again");
        }
    }

    /** At start: refuses a james-database.properties kept from an earlier version, whose URL names Derby. */
    public static void checkConfiguration(Path configDir) throws IOException {
        Path file = configDir.resolve("james-database.properties");
        if (!Files.isRegularFile(file)) {
            return;
        }
        java.util.Properties properties = new java.util.Properties();
        try (java.io.Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        String url = properties.getProperty("database.url", "");
        if (url.contains("jdbc:derby:")) {
            throw new IllegalStateException(file + ": database.url names Derby (" + url + "): " + urlRefusal()
                + "; take this file from the new version's james-config");
        }
    }

    /** A JDBC URL of the retired database, refused wherever a database is configured. */
    public static boolean isDerbyUrl(String url) {
        return url.trim().toLowerCase(java.util.Locale.ROOT).startsWith("jdbc:derby:");
    }

    public static String urlRefusal() {
        return "embedded Derby is no longer supported: mail is stored in PostgreSQL (caducee.db.mode=managed, the "
            + "default, or caducee.db.mode=external with caducee.db.url=jdbc:postgresql://...); an existing Derby "
            + "data folder is copied once with '" + MIGRATION_COMMAND + "<data folder>' (docs/MIGRATION.md)";
    }

    /** Written once the copy is committed: the Derby folder is then kept as a backup and no longer stops the start. */
    public static void recordMigrated(Path dataDir, String summary) throws IOException {
        Files.writeString(dataDir.resolve(MIGRATED), summary + "The folder var/store/derby is no longer read and can "
            + "be deleted once the migrated mail has been checked.\n", StandardCharsets.UTF_8);
    }
}
