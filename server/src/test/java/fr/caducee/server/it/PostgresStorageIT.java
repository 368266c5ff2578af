package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.PostgresCluster;
import fr.caducee.testkit.StoreScenario;

/** The same store/restart guarantees on a real PostgreSQL, selected by configuration alone (URL, user, password). */
class PostgresStorageIT {
    static final String DOMAIN = "ehpad.localhost";
    static final String NURSE = "infirmiere@" + DOMAIN;
    static final String COORDINATOR = "medecin.coordonnateur@" + DOMAIN;
    static final String PASSWORD = "pass-ehpad-2026";

    @TempDir
    static Path work;
    static PostgresCluster postgres;
    static CaduceeProcess server;
    static MailClient client;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresCluster.start();
        server = CaduceeProcess.start(work.resolve("server"), Map.of(
            "caducee.db.mode", "url",
            "caducee.db.url", postgres.jdbcUrl(),
            "caducee.db.user", PostgresCluster.USER),
            Map.of("CADUCEE_DB_PASSWORD", PostgresCluster.PASSWORD), PostgresStorageIT.class.getSimpleName());
        StoreScenario.createBoxes(server, DOMAIN, NURSE, COORDINATOR, PASSWORD);
        client = new MailClient(server);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void submittedMessageIsReadOverImapsAndKeepsItsFlagsAcrossARestart() throws Exception {
        StoreScenario.submitFlagRestartAndRead(server, client, NURSE, COORDINATOR, PASSWORD);
    }

    @Test
    void mailboxesLiveInPostgresqlAndNoEmbeddedDatabaseIsCreated() throws Exception {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), PostgresCluster.USER, PostgresCluster.PASSWORD);
             ResultSet tables = connection.createStatement().executeQuery(
                 "SELECT count(*) FROM caducee_mailbox")) {
            tables.next();
            assertThat(tables.getInt(1)).isGreaterThan(0);
        }
        assertThat(server.dataDir().resolve("var/store/derby")).doesNotExist();
    }

    @Test
    void expungedMessagesAndDeletedFoldersLeaveNoRowBehind() throws Exception {
        StoreScenario.expungeAndDeleteAFolder(client, NURSE, COORDINATOR, PASSWORD);

        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), PostgresCluster.USER, PostgresCluster.PASSWORD);
             ResultSet orphans = connection.createStatement().executeQuery(
                 "SELECT (SELECT count(*) FROM caducee_message m WHERE NOT EXISTS (SELECT 1"
                     + " FROM caducee_mailbox_message x WHERE x.message_id = m.message_id))"
                     + " + (SELECT count(*) FROM caducee_mailbox b WHERE message_count <> (SELECT count(*)"
                     + " FROM caducee_mailbox_message x WHERE x.mailbox_id = b.mailbox_id))")) {
            orphans.next();
            assertThat(orphans.getLong(1)).isZero();
        }
    }
}
