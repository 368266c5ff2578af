package fr.caducee.server.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import fr.caducee.server.cli.MigrateDerbyCli;
import fr.caducee.server.settings.Settings;
import fr.caducee.server.storage.RetiredDerby;
import fr.caducee.server.storage.SchemaMigrations;
import fr.caducee.server.storage.search.MessageIndexing;
import fr.caducee.testkit.PostgresCluster;

/**
 * The Derby database written by the previous version (derby-data.tar.gz, see its README) copied into a real
 * PostgreSQL: by the command, then checked row by row; all or nothing; never twice; never from a running server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DerbyMigrationTest {
    static final String BERNARD = DerbyFixture.CARDIOLOGIST;

    @TempDir
    static Path work;
    static PostgresCluster postgres;
    static Path old;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresCluster.start();
        old = DerbyFixture.unpackInto(work.resolve("old"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void aDataFolderHoldingAnUnmigratedDerbyDatabaseShouldNotStartAndShouldBeToldTheCommand() {
        assertThatThrownBy(() -> RetiredDerby.checkDataFolder(old))
            .hasMessageContaining("no longer reads")
            .hasMessageContaining("scripts/migrate-derby --from " + old);
    }

    @Test
    @Order(2)
    void aMessageIndexingFailureShouldLeavePostgresqlEmptyAndTheFolderUnmarked() throws Exception {
        PGSimpleDataSource target = dataSource();
        SchemaMigrations.apply(target);
        int[] indexed = {0};
        MessageIndexing failing = (transaction, id, message) -> {
            if (++indexed[0] == 3) {
                throw new SQLException("index unavailable");
            }
        };

        assertThatThrownBy(() -> new DerbyMigration(old, work.resolve("copy"), target, postgres.jdbcUrl(), failing,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run())
            .hasMessageContaining("index unavailable");

        assertThat(single("SELECT count(*) FROM caducee_mailbox")).isZero();
        assertThat(single("SELECT count(*) FROM caducee_message")).isZero();
        assertThat(old.resolve("var/store/derby.migrated")).doesNotExist();
        assertThat(work.resolve("copy")).doesNotExist();
    }

    @Test
    @Order(3)
    void aDerbyDatabaseStillOpenInARunningServerShouldBeRefused() throws Exception {
        try (FileChannel channel = FileChannel.open(old.resolve("var/store/derby/dbex.lck"), StandardOpenOption.WRITE);
             FileLock held = channel.lock()) {
            assertThatThrownBy(() -> new DerbyMigration(old, work.resolve("copy"), dataSource(), postgres.jdbcUrl(),
                MessageIndexing.NONE, System.out).run())
                .isInstanceOf(DerbyMigration.MigrationRefused.class)
                .hasMessageContaining("stop the earlier Caducée server");
        }
    }

    @Test
    @Order(4)
    void theCommandShouldCopyEveryTableVerifyTheCountsAndLeaveTheDerbyFolderAsItWas() throws Exception {
        Map<String, String> before = checksums(old.resolve("var/store/derby"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = new MigrateDerbyCliRunner().run(out, err, "--from", old.toString());

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed)
            .contains("Migration verified and committed: 5 mailbox(es), 7 message(s), 5 subscription(s), 1 conversation(s)")
            .contains("#private:" + BERNARD + ":INBOX: 2 message(s), 1841 bytes, 1 unseen, 1 flagged, 1 answered, "
                + "0 deleted, 0 draft, 0 recent, 1 keyword(s); UIDVALIDITY 3046603714, last UID 2, highest modseq 5")
            .doesNotContain("MISMATCH");
        assertThat(checksums(old.resolve("var/store/derby"))).as("the Derby folder is only read").isEqualTo(before);
        assertThat(old.resolve("var/store/derby.migrated")).content().contains("7 message(s)");
        RetiredDerby.checkDataFolder(old);
    }

    @Test
    @Order(5)
    void flagsKeywordsDatesAndUidsShouldBeThoseOfDerby() throws Exception {
        assertThat(rows("SELECT b.name, m.uid, m.modseq, m.seen, m.flagged, m.answered, m.deleted, m.draft, "
            + "array_to_string(m.user_flags, ' ') FROM caducee_mailbox_message m JOIN caducee_mailbox b USING (mailbox_id) "
            + "WHERE b.owner = '" + BERNARD + "' ORDER BY b.name, m.uid"))
            .containsExactly(
                "Archives/2026|1|3|t|f|t|t|f|",
                "Archives/2026|2|4|f|f|f|f|t|",
                "INBOX|1|4|t|t|f|f|f|caducee-triaged",
                "INBOX|2|5|f|f|t|f|f|");
        assertThat(rows("SELECT m.internal_date AT TIME ZONE 'UTC' FROM caducee_mailbox_message m "
            + "JOIN caducee_mailbox b USING (mailbox_id) WHERE b.name = 'Archives/2026' AND m.uid = 2"))
            .containsExactly("2026-01-01 00:00:00");
        assertThat(rows("SELECT name, uid_validity, last_uid, highest_modseq, message_count, unseen_count "
            + "FROM caducee_mailbox WHERE owner = '" + BERNARD + "' ORDER BY name"))
            .containsExactly("Archives/2026|234252439|2|4|2|1", "INBOX|3046603714|2|5|2|1");
    }

    @Test
    @Order(6)
    void theBytesOfEachMessageShouldBeThoseTheClientSent() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet letter = statement.executeQuery("SELECT g.header, g.body, g.size, g.body_start_octet, "
                 + "g.media_type, g.sub_type, g.properties::text FROM caducee_message g "
                 + "JOIN caducee_mailbox_message m USING (message_id) JOIN caducee_mailbox b USING (mailbox_id) "
                 + "WHERE b.owner = '" + BERNARD + "' AND b.name = 'INBOX' AND m.uid = 1")) {
            letter.next();
            String header = new String(letter.getBytes(1), StandardCharsets.UTF_8);
            String body = new String(letter.getBytes(2), StandardCharsets.UTF_8);
            assertThat(header).contains("Subject: Lettre de liaison").endsWith("\r\n\r\n");
            assertThat(body).contains("filename=\"compte-rendu.txt\"").contains("Patiente vue ce jour");
            assertThat(letter.getBytes(1).length + letter.getBytes(2).length).isEqualTo(letter.getLong(3)).isEqualTo(1119);
            assertThat(letter.getInt(4)).isEqualTo(letter.getBytes(1).length);
            assertThat(letter.getString(5) + "/" + letter.getString(6)).isEqualTo("multipart/mixed");
            assertThat(letter.getString(7)).contains("[\"http://james.apache.org/rfc2045/Content-Type/params\", \"boundary\", ");
        }
    }

    @Test
    @Order(7)
    void subscriptionsAnnotationsConversationsAndJamesTablesShouldBeCopiedAndQuotaUsageRecomputed() throws Exception {
        assertThat(rows("SELECT mailbox FROM caducee_subscription WHERE owner = '" + BERNARD + "' ORDER BY mailbox"))
            .containsExactly("#private:" + BERNARD + ":Archives/2026", "#private:" + BERNARD + ":INBOX");
        assertThat(rows("SELECT b.name, a.key, a.value FROM caducee_mailbox_annotation a JOIN caducee_mailbox b "
            + "USING (mailbox_id)")).containsExactly("Archives/2026|/private/comment|Dossiers clos en 2026");
        assertThat(rows("SELECT c.patient, c.opened_by, p.box, (SELECT count(*) FROM caducee_conversation_message m "
            + "WHERE m.conversation_id = c.id) FROM caducee_conversation c "
            + "JOIN caducee_conversation_participant p ON p.conversation_id = c.id"))
            .containsExactly("146026322000196@patient.caducee.localhost|dr.martin@caducee.localhost"
                + "|dr.martin@caducee.localhost|2");
        assertThat(rows("SELECT domain_name FROM james_domain ORDER BY 1"))
            .containsExactly("caducee.localhost", "patient.caducee.localhost");
        assertThat(rows("SELECT user_name, domain_name, target_address FROM james_recipient_rewrite"))
            .containsExactly("docteur.martin|caducee.localhost|alias:dr.martin@caducee.localhost");
        assertThat(rows("SELECT quotaroot_id, value FROM james_max_user_message_count"))
            .containsExactly("#private&" + BERNARD + "|5000");
        assertThat(rows("SELECT quota_root, message_count, size_bytes FROM caducee_quota_usage WHERE quota_root = '#private&"
            + BERNARD + "'")).containsExactly("#private&" + BERNARD + "|4|2783");
    }

    @Test
    @Order(8)
    void aSecondRunShouldBeRefusedWithoutWritingAnything() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = new MigrateDerbyCliRunner().run(new ByteArrayOutputStream(), err, "--from", old.toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
            .contains("Migration refused: the PostgreSQL database already holds 5 mailbox(es)");
        assertThat(single("SELECT count(*) FROM caducee_mailbox_message")).isEqualTo(7);
    }

    /** The command as the script runs it, on settings pointing at the test's PostgreSQL. */
    static final class MigrateDerbyCliRunner {
        int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) throws IOException {
            Path config = Files.createDirectories(work.resolve("config"));
            Properties commandLine = new Properties();
            commandLine.setProperty("caducee.config", config.toString());
            commandLine.setProperty("caducee.data", work.resolve("new-data").toString());
            commandLine.setProperty("caducee.db.mode", "external");
            commandLine.setProperty("caducee.db.url", postgres.jdbcUrl());
            commandLine.setProperty("caducee.db.user", PostgresCluster.USER);
            Settings settings = Settings.load(commandLine, Map.of("CADUCEE_DB_PASSWORD", PostgresCluster.PASSWORD));
            return new MigrateDerbyCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(List.of(args), settings);
        }
    }

    static PGSimpleDataSource dataSource() {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(postgres.jdbcUrl());
        source.setUser(PostgresCluster.USER);
        source.setPassword(PostgresCluster.PASSWORD);
        return source;
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), PostgresCluster.USER, PostgresCluster.PASSWORD);
    }

    static long single(String query) throws SQLException {
        try (Connection connection = connect(); ResultSet value = connection.createStatement().executeQuery(query)) {
            value.next();
            return value.getLong(1);
        }
    }

    /** Each row as its columns joined by |. */
    static List<String> rows(String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = connect(); ResultSet result = connection.createStatement().executeQuery(query)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    values.add(String.valueOf(result.getString(column) == null ? "" : result.getString(column)));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }

    static Map<String, String> checksums(Path folder) throws Exception {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                sums.put(folder.relativize(file).toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
            }
        }
        return sums;
    }
}
