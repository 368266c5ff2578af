package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.mail.FetchProfile;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.TestClients;

/**
 * A backup taken under load restores every acknowledged message. Submission connections send numbered messages
 * continuously, each {@code 250} recorded with its time; {@code caducee backup} runs in the middle, the load goes on,
 * the server stops. {@code caducee restore} makes a new data folder from the backup, a server starts on it, and
 * every message acknowledged before the backup began is in the recipient's INBOX (read over IMAPS), once but for
 * the spool's window for duplicates, and the restored audit trail holds the acceptance of each message restored.
 */
class BackupRestoreIT {
    static final String DOMAIN = "chu-sauvegarde.localhost";
    static final String DOCTOR = "dr.sauvegarde@" + DOMAIN;
    static final String WARD = "archives@" + DOMAIN;
    static final String PASSWORD = "pass-sauvegarde-1234";
    static final int CONNECTIONS = 3;
    static final int ACKS_BEFORE_BACKUP = 60;
    static final int ACKS_AFTER_BACKUP = 30;
    /** caducee.spooler.threads, by default. */
    static final int SPOOL_THREADS = 8;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    static CaduceeProcess original;
    static CaduceeProcess restored;

    @AfterAll
    static void stop() {
        if (original != null) {
            original.close();
        }
        if (restored != null) {
            restored.close();
        }
    }

    @BeforeAll
    static void passThrough() throws IOException {
        // Run as root, the managed PostgreSQL of the restored folder runs as its own user: it must pass through here.
        Set<PosixFilePermission> permissions = new HashSet<>(Files.getPosixFilePermissions(temp));
        permissions.add(PosixFilePermission.OTHERS_EXECUTE);
        Files.setPosixFilePermissions(temp, permissions);
    }

    @Test
    void aBackupTakenUnderLoadRestoresEveryMessageAcknowledgedBeforeItBeganAndNoneTwice() throws Exception {
        original = CaduceeProcess.start(temp.resolve("original"), Map.of(), "BackupRestoreIT-original");
        TestClients.WebAdmin admin = new TestClients.WebAdmin(original);
        admin.addDomain(DOMAIN);
        admin.addBox(DOCTOR, PASSWORD);
        admin.addBox(WARD, PASSWORD);

        SubmissionLoad load = new SubmissionLoad(original, "backup", DOCTOR, PASSWORD, WARD, 20);
        load.start(CONNECTIONS);
        Path backup = temp.resolve("backup");
        Instant backupBegan;
        Command taken;
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> load.acked.size() >= ACKS_BEFORE_BACKUP);
            backupBegan = Instant.now();
            taken = caducee("backup", backup.toString(), "--data", original.dataDir().toString());
            long target = load.acked.size() + ACKS_AFTER_BACKUP;
            await().atMost(Duration.ofMinutes(2)).until(() -> load.acked.size() >= target);
        } finally {
            load.stop();
        }
        original.stop();
        assertThat(taken.exit()).as(taken.output()).isZero();
        assertThat(taken.output()).contains("managed PostgreSQL, online", "owner-only");
        assertOwnerOnly(backup);
        // The stopped folder backs up too, and its database opens where it is restored.
        Command stopped = caducee("backup", temp.resolve("stopped-server-backup").toString(), "--data",
            original.dataDir().toString());
        assertThat(stopped.exit()).as(stopped.output()).isZero();
        assertThat(stopped.output()).contains("managed PostgreSQL, stopped");
        Command restoredStopped = caducee("restore", temp.resolve("stopped-server-backup").toString(), "--data",
            temp.resolve("restored-stopped").toString());
        assertThat(restoredStopped.exit()).as(restoredStopped.output()).isZero();

        Command verified = caducee("restore", "--verify", backup.toString());
        assertThat(verified.exit()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("whole");

        Path data = temp.resolve("restored");
        Command restoring = caducee("restore", backup.toString(), "--data", data.toString());
        assertThat(restoring.exit()).as(restoring.output()).isZero();

        Set<String> before = load.acked.entrySet().stream().filter(ack -> ack.getValue().isBefore(backupBegan))
            .map(Map.Entry::getKey).collect(Collectors.toSet());
        restored = CaduceeProcess.start(data, Map.of(), "BackupRestoreIT-restored");
        // Messages still in the spool when the backup stopped are delivered by the restored server.
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
            .until(() -> inbox(restored).keySet().containsAll(before));
        Map<String, Integer> inbox = inbox(restored);
        System.out.printf("BackupRestoreIT: acked=%d ackedBeforeBackup=%d restoredInInbox=%d twice=%d backup=%s%n",
            load.acked.size(), before.size(), inbox.size(), inbox.values().stream().filter(count -> count > 1).count(),
            taken.output().lines().reduce((a, b) -> b).orElse(""));
        assertThat(inbox.keySet()).as("acknowledged before the backup began").containsAll(before);
        // A restore is a crash at the backup's stop point: a message in a mailbox whose spool row was not yet deleted
        // is delivered again, as after a kill -9 (RELIABILITY.md, "its window for duplicates"): one per spool thread.
        Map<String, Integer> twice = inbox.entrySet().stream().filter(entry -> entry.getValue() > 1)
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(twice.values()).as("copies of a message").allSatisfy(count -> assertThat(count).isEqualTo(2));
        assertThat(twice).as("messages restored twice, beyond the spool's window").hasSizeLessThanOrEqualTo(
            SPOOL_THREADS);
        assertThat(inbox.keySet()).as("restored messages that were never sent").isSubsetOf(load.attempted);
        // The trail was copied after the database: it holds the acceptance of every message the database holds.
        Set<String> accepted = new HashSet<>();
        JSON.readTree(new TestClients.WebAdmin(restored)
                .get("/audit?decision=ACCEPTED&box=" + WARD + "&limit=100000").body())
            .forEach(record -> accepted.add(record.path("messageId").asText("")));
        assertThat(accepted).as("ACCEPTED records in the restored audit trail").containsAll(inbox.keySet());
    }

    @Test
    void aRestoreOverANonEmptyFolderIsRefusedUnlessForcedAndADamagedBackupIsNamedFileByFile() throws Exception {
        Path data = Files.createDirectories(temp.resolve("stopped-data"));
        Files.createDirectories(data.resolve("pki"));
        Files.writeString(data.resolve("pki/server.p12"), "not really a keystore");
        Files.createDirectories(data.resolve("var/mail/error"));
        Files.writeString(data.resolve("var/mail/error/one.FileObjectStore"), "a mail in error");
        Path backup = temp.resolve("stopped-backup");
        Command taken = caducee("backup", backup.toString(), "--data", data.toString());
        assertThat(taken.exit()).as(taken.output()).isZero();
        assertThat(taken.output()).contains("caducee.db.mode=external");

        Command refused = caducee("restore", backup.toString(), "--data", data.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.output()).contains("is not empty", "--force");

        Command forced = caducee("restore", backup.toString(), "--data", data.toString(), "--force");
        assertThat(forced.exit()).as(forced.output()).isZero();
        assertThat(data.resolve("var/mail/error/one.FileObjectStore")).hasContent("a mail in error");

        Files.writeString(backup.resolve("pki/server.p12"), "changed");
        Files.delete(backup.resolve("var/mail/error/one.FileObjectStore"));
        Command verified = caducee("restore", "--verify", backup.toString());
        assertThat(verified.exit()).isEqualTo(1);
        assertThat(verified.output()).contains("damaged: pki/server.p12", "damaged: var/mail/error/one.FileObjectStore: missing");
    }

    private static void assertOwnerOnly(Path backup) throws IOException {
        try (Stream<Path> walk = Files.walk(backup)) {
            for (Path path : walk.toList()) {
                String expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).as(path.toString())
                    .isEqualTo(expected);
            }
        }
    }

    /** The Message-IDs of the load in WARD's INBOX over IMAPS, with how many times each is there. */
    private static Map<String, Integer> inbox(CaduceeProcess server) throws Exception {
        Store store = TestClients.mailClient(server).getStore("imaps");
        store.connect(WARD, PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                Message[] messages = inbox.getMessages();
                FetchProfile profile = new FetchProfile();
                profile.add("Message-ID");
                inbox.fetch(messages, profile);
                Map<String, Integer> ids = new HashMap<>();
                for (Message message : messages) {
                    String[] id = message.getHeader("Message-ID");
                    if (id != null && id[0].startsWith("<backup-")) {
                        ids.merge(id[0], 1, Integer::sum);
                    }
                }
                return ids;
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
    }

    record Command(int exit, String output) {
    }

    /** The operator's command, as its own process (as bin/caducee runs it). */
    private static Command caducee(String... arguments) throws Exception {
        Path root = CaduceeProcess.repositoryRoot();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", root.resolve("server/target/caducee-server.jar") + ":" + root.resolve("server/target/lib") + "/*",
            "fr.caducee.server.cli.Caducee"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Command(process.exitValue(), output);
    }
}
