package fr.caducee.server.it;

import static fr.caducee.server.migration.DerbyFixture.CARDIOLOGIST;
import static fr.caducee.server.migration.DerbyFixture.GP;
import static fr.caducee.server.migration.DerbyFixture.PATIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.server.migration.DerbyFixture;
import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.ImapDialogue;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;

/**
 * A data folder written by the previous version on embedded Derby (the fixture): the packaged server refuses it and
 * names the migration; {@code scripts/migrate-derby} copies it in place into the managed PostgreSQL; the server then
 * starts on it and works with what was copied: the patient's conversation lets the patient answer the doctor and no
 * one else, the address alias and the quota limit are James's again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DerbyMigrationIT {
    @TempDir
    static Path work;
    static Path data;
    static CaduceeProcess server;

    @BeforeAll
    static void earlierDataFolder() throws Exception {
        // Run as root, the managed PostgreSQL runs as an unprivileged user, which must pass through the folders above.
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
        data = DerbyFixture.unpackInto(work.resolve("server"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void theServerShouldRefuseToStartOnTheDerbyFolderAndNameTheMigrationCommand() {
        assertThatThrownBy(() -> CaduceeProcess.start(data, Map.of(), DerbyMigrationIT.class.getSimpleName() + "-refused"))
            .hasMessageContaining("holds the mail of an earlier version in embedded Derby")
            .hasMessageContaining("scripts/migrate-derby --from ");
        assertThat(data.resolve("var/store/postgres")).as("nothing started").doesNotExist();
    }

    @Test
    @Order(2)
    void theMigrationCommandShouldCopyTheFolderInPlaceAndVerifyEveryCount() throws Exception {
        Migration run = migrate();

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output())
            .contains("Migration verified and committed: 5 mailbox(es), 7 message(s), 5 subscription(s), 1 conversation(s)")
            .doesNotContain("MISMATCH");
    }

    @Test
    @Order(3)
    void theMigratedConversationShouldLetThePatientAnswerTheDoctorAndNoOneElse() throws Exception {
        server = CaduceeProcess.start(data, Map.of(), DerbyMigrationIT.class.getSimpleName());
        String password = server.demoAccounts().get(PATIENT);

        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(server, PATIENT, password)) {
            assertThat(smtp.send("MAIL FROM:<" + PATIENT + ">").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + CARDIOLOGIST + ">").text()).startsWith("550 5.7.1");
        }
        String opening = doctorsMessageIdInThePatientsInbox();
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(server, PATIENT, password)) {
            assertThat(smtp.send("MAIL FROM:<" + PATIENT + ">").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + GP + ">").code()).isEqualTo(250);
            assertThat(smtp.send("DATA").code()).isEqualTo(354);
            smtp.write("From: " + PATIENT + "\r\nTo: " + GP + "\r\nMessage-ID: <reponse-2@patient.caducee.localhost>"
                + "\r\nIn-Reply-To: " + opening + "\r\nReferences: " + opening + "\r\nSubject: Re: Votre ordonnance"
                + "\r\n\r\nJe passerai demain.\r\n.");
            assertThat(smtp.read().code()).isEqualTo(250);
        }
    }

    @Test
    @Order(4)
    void theCardiologistShouldReadHisMailOverImapAsHeLeftIt() throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(server)) {
            assertThat(imap.login(CARDIOLOGIST, server.demoAccounts().get(CARDIOLOGIST))).startsWith("OK");

            List<String> inbox = imap.command("SELECT INBOX");
            assertThat(inbox).contains("* 2 EXISTS").anyMatch(line -> line.startsWith("* FLAGS (") && line.contains("caducee-triaged"));
            assertThat(String.join("\n", imap.command("UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")))
                .contains("caducee-triaged", "\\Seen", "\\Flagged", "\\Answered", "Lettre de liaison");
            // The two letters were delivered in either order: the one found by its words is the one of its subject.
            List<String> letter = imap.command("UID SEARCH SUBJECT \"lettre de liaison\"");
            assertThat(letter.get(0)).matches("\\* SEARCH [12]");
            assertThat(imap.command("UID SEARCH TEXT \"patiente vue\"")).contains(letter.get(0));
            assertThat(imap.command("UID SEARCH KEYWORD caducee-triaged").get(0)).matches("\\* SEARCH [12]");

            assertThat(imap.command("LSUB \"\" \"*\"")).anyMatch(line -> line.contains("Archives/2026"));
            List<String> archives = imap.command("SELECT \"Archives/2026\"");
            assertThat(archives).contains("* 2 EXISTS");
            assertThat(String.join("\n", imap.command("FETCH 1:* (FLAGS)"))).contains("\\Deleted", "\\Draft");
            assertThat(imap.command("EXPUNGE")).contains("* 1 EXPUNGE");
        }
    }

    @Test
    @Order(5)
    void theAliasAndTheQuotaLimitShouldBeJamesesAgain() throws Exception {
        TestClients.WebAdmin admin = new TestClients.WebAdmin(server);

        assertThat(admin.get("/address/aliases/" + GP).body()).contains("docteur.martin@caducee.localhost");
        assertThat(admin.get("/quota/users/" + CARDIOLOGIST + "/count").body()).isEqualTo("5000");
        assertThat(admin.get("/domains").body()).contains("caducee.localhost", "patient.caducee.localhost");
    }

    @Test
    @Order(6)
    void aSecondRunShouldBeRefusedAndWriteNothing() throws Exception {
        server.stop();

        Migration run = migrate();

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.output()).contains("Migration refused: the PostgreSQL database already holds 5 mailbox(es)");
    }

    /** {@code scripts/migrate-derby --from <data>}, for the same data folder, as an operator runs it. */
    private static Migration migrate() throws Exception {
        Path output = work.resolve("migrate-derby.out");
        ProcessBuilder builder = new ProcessBuilder(
            CaduceeProcess.repositoryRoot().resolve("scripts/migrate-derby").toString(), "--from", data.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
        builder.environment().put("CADUCEE_DATA", data.toString());
        Process process = builder.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("migration finished").isTrue();
        return new Migration(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private record Migration(int status, String output) {
    }

    /** The Message-ID of the doctor's message that opened the conversation, as copied into PostgreSQL. */
    private static String doctorsMessageIdInThePatientsInbox() throws Exception {
        Path store = data.resolve("var/store");
        String url = "jdbc:postgresql://127.0.0.1:" + Files.readString(store.resolve("postgres.port")).strip() + "/caducee";
        try (Connection connection = DriverManager.getConnection(url, "caducee",
                 Files.readString(store.resolve("postgres.secret")).strip());
             ResultSet header = connection.createStatement().executeQuery("SELECT g.header FROM caducee_message g "
                 + "JOIN caducee_mailbox_message m USING (message_id) JOIN caducee_mailbox b USING (mailbox_id) "
                 + "WHERE b.owner = '" + PATIENT + "'")) {
            List<String> ids = new java.util.ArrayList<>();
            while (header.next()) {
                Matcher id = Pattern.compile("(?im)^Message-ID: (<[^>]+>)").matcher(
                    new String(header.getBytes(1), StandardCharsets.UTF_8));
                if (id.find()) {
                    ids.add(id.group(1));
                }
            }
            assertThat(ids).hasSize(1);
            return ids.get(0);
        }
    }
}
