package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.ImapDialogue;
import fr.caducee.testkit.TestClients;

/**
 * What each IMAP command costs the database, counted by the server's pool ({@code GET /database/statements}):
 * a small number, the same whatever the size of the mailbox (docs/BENCHMARKS.md reports the figures this writes to
 * {@code target/statements-per-command.txt}).
 */
class StatementsPerCommandIT {
    static final String BOX = "accueil@statements.localhost";
    static final String PASSWORD = "pass-accueil-2026";
    static final Pattern STATEMENTS = Pattern.compile("\"statements\":(\\d+)");

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension().withBox(BOX, PASSWORD);

    private long statements() throws IOException, InterruptedException {
        String body = new TestClients.WebAdmin(caducee.server()).get("/database/statements").body();
        Matcher matcher = STATEMENTS.matcher(body);
        assertThat(matcher.find()).as(body).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    /** Statements one command sent: the least of three runs, so that nothing else the server did is counted. */
    private long cost(ImapDialogue imap, String command) throws Exception {
        long least = Long.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            long before = statements();
            List<String> lines = command.startsWith("APPEND ")
                ? imap.append(command.substring("APPEND ".length()), message(run))
                : imap.command(command);
            assertThat(ImapDialogue.status(lines)).as(command + " -> " + lines).startsWith("OK");
            least = Math.min(least, statements() - before);
        }
        return least;
    }

    private static String message(int n) {
        return "From: labo@statements.localhost\r\nTo: " + BOX + "\r\nSubject: Bilan " + n
            + "\r\nMessage-ID: <" + n + "." + System.nanoTime() + "@statements.localhost>\r\n\r\nBilan joint.\r\n";
    }

    /**
     * What the selected session pays to hear of another session's flag changes on ten messages apart (a care team
     * marking letters read): the FETCH FLAGS it is told at its next command.
     */
    private long flagsSeenFromAnotherSession(ImapDialogue imap) throws Exception {
        long least = Long.MAX_VALUE;
        try (ImapDialogue other = ImapDialogue.connect(caducee.server())) {
            assertThat(other.login(BOX, PASSWORD)).startsWith("OK");
            assertThat(ImapDialogue.status(other.command("SELECT INBOX"))).startsWith("OK");
            for (int run = 0; run < 3; run++) {
                String flag = run % 2 == 0 ? "+FLAGS.SILENT (\\Flagged)" : "-FLAGS.SILENT (\\Flagged)";
                assertThat(ImapDialogue.status(other.command("STORE 2,4,6,8,10,12,14,16,18,20 " + flag))).startsWith("OK");
                Thread.sleep(200);
                long before = statements();
                List<String> lines = imap.command("NOOP");
                assertThat(lines).as("the selected session is told of the changes").filteredOn(line -> line.contains("FETCH"))
                    .hasSize(10);
                least = Math.min(least, statements() - before);
            }
        }
        return least;
    }

    @Test
    void eachCommandCostsAFewStatementsWhateverTheMailboxSize() throws Exception {
        Map<String, Long> costs = new LinkedHashMap<>();
        // James's FETCH and STORE processors work one range of consecutive messages at a time: reported, not bounded.
        Map<String, Long> perRange = new LinkedHashMap<>();
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(imap.login(BOX, PASSWORD)).startsWith("OK");
            assertThat(ImapDialogue.status(imap.command("CREATE Rangement"))).startsWith("OK");
            for (int i = 0; i < 20; i++) {
                imap.append("INBOX", message(i));
            }
            costs.put("SELECT INBOX (20 messages)", cost(imap, "SELECT INBOX"));
            costs.put("FETCH 1:* (FLAGS) (20 messages)", cost(imap, "FETCH 1:* (FLAGS)"));
            for (int i = 0; i < 180; i++) {
                imap.append("INBOX", message(i));
            }
            imap.command("NOOP");
            costs.put("SELECT INBOX (200 messages)", cost(imap, "SELECT INBOX"));
            costs.put("FETCH 1:* (FLAGS) (200 messages)", cost(imap, "FETCH 1:* (FLAGS)"));
            costs.put("FETCH 1 (BODY[])", cost(imap, "FETCH 1 (BODY[])"));
            costs.put("STORE 1:10 +FLAGS (\\Seen)", cost(imap, "STORE 1:10 +FLAGS (\\Seen)"));
            costs.put("STORE 1 FLAGS (\\Flagged $Urgent)", cost(imap, "STORE 1 FLAGS (\\Flagged $Urgent)"));
            costs.put("APPEND", cost(imap, "APPEND INBOX"));
            costs.put("COPY 1:5 Rangement", cost(imap, "COPY 1:5 Rangement"));
            costs.put("MOVE 1 Rangement", cost(imap, "MOVE 1 Rangement"));
            long least = Long.MAX_VALUE;
            for (int run = 0; run < 3; run++) {
                imap.command("STORE 1 +FLAGS.SILENT (\\Deleted)");
                long before = statements();
                assertThat(ImapDialogue.status(imap.command("EXPUNGE"))).startsWith("OK");
                least = Math.min(least, statements() - before);
            }
            costs.put("EXPUNGE (1 message)", least);
            costs.put("NOOP", cost(imap, "NOOP"));
            costs.put("LIST \"\" *", cost(imap, "LIST \"\" *"));
            costs.put("STATUS INBOX (MESSAGES UNSEEN RECENT)", cost(imap, "STATUS INBOX (MESSAGES UNSEEN RECENT)"));
            costs.put("NOOP after another session's STORE on 10 scattered messages", flagsSeenFromAnotherSession(imap));
            perRange.put("FETCH 2,4,6,8,10 (FLAGS)", cost(imap, "FETCH 2,4,6,8,10 (FLAGS)"));
            perRange.put("STORE 2,4,6,8,10 +FLAGS (\\Seen)", cost(imap, "STORE 2,4,6,8,10 +FLAGS (\\Seen)"));
        }
        StringBuilder table = new StringBuilder("| IMAP command | statements |\n|---|---|\n");
        costs.forEach((command, count) -> table.append("| `").append(command).append("` | ").append(count).append(" |\n"));
        perRange.forEach((command, count) -> table.append("| `").append(command).append("` (5 ranges) | ").append(count)
            .append(" |\n"));
        System.out.print(table);
        Files.writeString(Path.of("target/statements-per-command.txt"), table);

        assertThat(costs.get("SELECT INBOX (200 messages)")).isEqualTo(costs.get("SELECT INBOX (20 messages)"));
        assertThat(costs.get("FETCH 1:* (FLAGS) (200 messages)")).isEqualTo(costs.get("FETCH 1:* (FLAGS) (20 messages)"));
        assertThat(costs.values()).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(12));
        assertThat(costs.get("NOOP after another session's STORE on 10 scattered messages"))
            .as("the flags to report are read together, not one range at a time").isEqualTo(1);
    }
}
