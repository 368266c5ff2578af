package fr.caducee.server.storage.mailbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import fr.caducee.server.storage.CountedDataSource;
import fr.caducee.server.storage.SchemaMigrations;
import fr.caducee.server.storage.postgres.ManagedPostgres;
import fr.caducee.server.storage.postgres.WriteAheadLogLimit;

/**
 * One real PostgreSQL for the mailbox store's tests (the managed one the server runs, in {@code target/}), started
 * at the first use in this JVM and stopped at its end; each test starts from empty tables ({@link #fresh()}).
 */
final class StorePostgres {
    private static CountedDataSource dataSource;

    private StorePostgres() {
    }

    static synchronized CountedDataSource dataSource() throws Exception {
        if (dataSource == null) {
            Path dataDir = Path.of("target/mailbox-store-postgres").toAbsolutePath();
            Files.createDirectories(dataDir);
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            ManagedPostgres postgres = ManagedPostgres.start(dataDir, WriteAheadLogLimit.forReserve(256));
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(postgres.jdbcUrl());
            config.setUsername(postgres.user());
            config.setPassword(postgres.password());
            config.setMaximumPoolSize(16);
            dataSource = new CountedDataSource(new HikariDataSource(config));
            // The schema of this run's sources, whatever an earlier run left.
            try (Connection connection = dataSource.getConnection(); Statement reset = connection.createStatement()) {
                reset.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
            }
            SchemaMigrations.apply(dataSource);
        }
        return dataSource;
    }

    /** The store, its tables emptied. */
    static MailboxDatabase fresh() throws Exception {
        try (Connection connection = dataSource().getConnection(); Statement truncate = connection.createStatement()) {
            truncate.execute("TRUNCATE caducee_mailbox_annotation, caducee_mailbox_message, caducee_message, "
                + "caducee_mailbox, caducee_subscription, caducee_quota_usage RESTART IDENTITY CASCADE");
        }
        return new MailboxDatabase(dataSource());
    }
}
