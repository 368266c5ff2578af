package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.ImapDialogue;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.TestClients;

/**
 * IMAP: a mailbox opened with EXAMINE stays read-only until the session selects it (reading it sets no
 * {@code \Seen}), and a session lets go of the mailboxes it leaves. A selected mailbox is registered for the events
 * of its mailbox and notes every message delivered there; one left registered after its client moved on grows with
 * every delivery, and a client polling with SELECT, CLOSE, LOGOUT used to leave one behind per poll (the soak test
 * ran out of heap in 33 minutes). The server's heap is counted with {@code jcmd GC.class_histogram}.
 */
class ImapSessionLifecycleIT {
    static final String DOMAIN = "polling.localhost";
    static final String BOX = "secretariat@" + DOMAIN;
    static final String PASSWORD = "pass-secretariat-2026";
    static final String SHARED = "accueil@" + DOMAIN;
    static final String SHARED_PASSWORD = "pass-accueil-2026";
    /** What a session knows of its selected mailbox: ours, in place of James's {@code SelectedMailboxImpl}. */
    static final String SELECTED_MAILBOX = "fr.caducee.server.imap.SessionView";
    static final String JAMES_SELECTED_MAILBOX = "org.apache.james.imap.processor.base.SelectedMailboxImpl";
    static final String IMAP_SESSION = "org.apache.james.imapserver.netty.NettyImapSession";
    static final int SESSIONS_PER_WAY = 15;

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension().withBox(BOX, PASSWORD)
        .withBox(SHARED, SHARED_PASSWORD);

    /**
     * RFC 3501 6.3.2 and 6.4.2: no change through an examined mailbox, and its CLOSE removes nothing, not even what
     * another session marked {@code \Deleted}. James alone let STORE through and expunged on CLOSE.
     */
    @Test
    void anExaminedMailboxIsNotChangedAndItsCloseRemovesNothing() throws Exception {
        CaduceeProcess server = caducee.server();
        MailClient mail = new MailClient(server);
        for (String subject : List.of("Admission urgences", "Résultats de biologie", "Compte rendu opératoire")) {
            mail.send(SHARED, SHARED_PASSWORD, SHARED, subject, "Bonjour");
            mail.awaitDelivered(SHARED, SHARED_PASSWORD, subject);
        }

        try (ImapDialogue writer = ImapDialogue.connect(server); ImapDialogue reader = ImapDialogue.connect(server)) {
            assertThat(writer.login(SHARED, SHARED_PASSWORD)).startsWith("OK");
            assertThat(ImapDialogue.status(writer.command("SELECT INBOX"))).startsWith("OK [READ-WRITE]");
            assertThat(ImapDialogue.status(writer.command("STORE 1 +FLAGS (\\Deleted)"))).startsWith("OK");

            assertThat(reader.login(SHARED, SHARED_PASSWORD)).startsWith("OK");
            assertThat(ImapDialogue.status(reader.command("EXAMINE INBOX"))).startsWith("OK [READ-ONLY]");
            for (String change : List.of("STORE 2 +FLAGS (\\Flagged)", "UID STORE 1:* -FLAGS (\\Deleted)",
                    "EXPUNGE", "UID EXPUNGE 1:*", "MOVE 1 Trash", "UID MOVE 1:* Trash")) {
                assertThat(ImapDialogue.status(reader.command(change))).as(change)
                    .matches("NO \\[READ-ONLY] (UID )?[A-Z]+ refused: the mailbox was opened with EXAMINE and is read-only;.*");
            }
            // Reading changes nothing either: BODY[] and RFC822 are read as BODY.PEEK[], no \Seen set.
            assertThat(reader.command("FETCH 3 (BODY[])")).noneMatch(line -> line.contains("\\Seen"))
                .last().asString().contains("OK");
            assertThat(reader.command("FETCH 3 (RFC822)")).noneMatch(line -> line.contains("\\Seen"));
            assertThat(ImapDialogue.status(reader.command("CLOSE"))).startsWith("OK");
            // Each refusal is in the audit trail, with the login.
            String refused = new TestClients.WebAdmin(server).get("/audit?decision=REFUSED").body();
            assertThat(refused.split("\"rule\":\"imap-read-only\"", -1)).hasSize(7);
            assertThat(refused).contains("\"login\":\"" + SHARED + "\"");

            // Nothing changed: three messages, the first still marked by the writer, none flagged, the third unread.
            List<String> selected = reader.command("SELECT INBOX");
            assertThat(selected).contains("* 3 EXISTS");
            assertThat(reader.command("FETCH 1:3 (FLAGS)"))
                .anyMatch(line -> line.startsWith("* 1 FETCH") && line.contains("\\Deleted"))
                .noneMatch(line -> line.contains("\\Flagged"))
                .noneMatch(line -> line.startsWith("* 3 FETCH") && line.contains("\\Seen"));
            // Selected now, the mailbox is writable again in this session.
            assertThat(ImapDialogue.status(reader.command("STORE 2 +FLAGS (\\Flagged)"))).startsWith("OK");

            // The writer's own expunge removes the message it marked.
            assertThat(writer.command("EXPUNGE")).contains("* 1 EXPUNGE");
        }
    }

    @Test
    void mailboxesLeftEveryWayAreReleasedWhileASelectedOneIsKept() throws Exception {
        CaduceeProcess server = caducee.server();
        MailClient mail = new MailClient(server);
        mail.send(BOX, PASSWORD, BOX, "Premier compte rendu", "Bonjour");
        mail.awaitDelivered(BOX, PASSWORD, "Premier compte rendu");

        try (ImapDialogue kept = ImapDialogue.connect(server)) {
            assertThat(kept.login(BOX, PASSWORD)).startsWith("OK");
            assertThat(ImapDialogue.status(kept.command("SELECT INBOX"))).startsWith("OK");

            for (int i = 0; i < SESSIONS_PER_WAY; i++) {
                leave(server, "CLOSE");
                leave(server, "UNSELECT");
                leave(server, "EXAMINE INBOX");
                leave(server, null);
                deleteSelected(server, "Brouillon-" + i);
            }

            // Only the session still open holds a selected mailbox; before the fix, one per CLOSE, UNSELECT and
            // DELETE above was still there.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(server.liveInstances(SELECTED_MAILBOX)).isEqualTo(1);
                assertThat(server.liveInstances(JAMES_SELECTED_MAILBOX)).isZero();
                assertThat(server.liveInstances(IMAP_SESSION)).isEqualTo(1);
            });

            // The mailbox kept selected still hears of deliveries.
            mail.send(BOX, PASSWORD, BOX, "Second compte rendu", "Bonjour");
            mail.awaitDelivered(BOX, PASSWORD, "Second compte rendu");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(kept.command("NOOP")).anyMatch(line -> line.matches("\\* 2 EXISTS")));
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(server.liveInstances(SELECTED_MAILBOX)).isZero());
    }

    /** A session that selects INBOX, then leaves it with {@code command} (null: LOGOUT alone). */
    private static void leave(CaduceeProcess server, String command) throws Exception {
        try (ImapDialogue session = ImapDialogue.connect(server)) {
            assertThat(session.login(BOX, PASSWORD)).startsWith("OK");
            assertThat(ImapDialogue.status(session.command("SELECT INBOX"))).startsWith("OK");
            if (command != null) {
                List<String> answer = session.command(command);
                assertThat(ImapDialogue.status(answer)).as(command).startsWith("OK");
            }
            // What is checked is the release of the mailbox, not LOGOUT's answer, which James may cut off.
            assertThat(session.logout()).noneMatch(line -> line.matches("a\\d+ (NO|BAD).*"));
        }
    }

    /** A session that creates a mailbox, selects it and deletes it while it is selected. */
    private static void deleteSelected(CaduceeProcess server, String mailbox) throws Exception {
        try (ImapDialogue session = ImapDialogue.connect(server)) {
            assertThat(session.login(BOX, PASSWORD)).startsWith("OK");
            assertThat(ImapDialogue.status(session.command("CREATE " + mailbox))).startsWith("OK");
            assertThat(ImapDialogue.status(session.command("SELECT " + mailbox))).startsWith("OK");
            assertThat(ImapDialogue.status(session.command("DELETE " + mailbox))).startsWith("OK");
            assertThat(session.logout()).noneMatch(line -> line.matches("a\\d+ (NO|BAD).*"));
        }
    }
}
