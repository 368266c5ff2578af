package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.ImapDialogue;

/**
 * IMAP SEARCH and SORT answered by PostgreSQL, over IMAPS against the packaged server: accented and encoded
 * subjects found by any part of a word, bodies searched decoded, SORT and UID SORT (RFC 5256, RFC 5957), and a
 * search that still finds every message after a {@code kill -9}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImapSearchSortIT {
    static final String BOX = "secretariat@recherche.localhost";
    static final String PASSWORD = "pass-secretariat-2026";

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension().withBox(BOX, PASSWORD);

    private ImapDialogue loggedIn() throws Exception {
        ImapDialogue imap = ImapDialogue.connect(caducee.server());
        assertThat(imap.login(BOX, PASSWORD)).startsWith("OK");
        return imap;
    }

    private static String message(String from, String date, String encodedSubject, String body) {
        return "From: " + from + "\r\nTo: " + BOX + "\r\nDate: " + date + "\r\nSubject: " + encodedSubject
            + "\r\nMessage-ID: <" + System.nanoTime() + "@recherche.localhost>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) + "\r\n";
    }

    private static List<String> hits(ImapDialogue imap, String command, String untagged) throws Exception {
        List<String> lines = imap.command(command);
        assertThat(ImapDialogue.status(lines)).as(command).startsWith("OK");
        return lines.stream().filter(line -> line.startsWith("* " + untagged))
            .findFirst().map(line -> line.substring(("* " + untagged).length()).trim())
            .map(rest -> rest.isEmpty() ? List.<String>of() : List.of(rest.split(" +")))
            .orElseThrow(() -> new AssertionError("no * " + untagged + " in " + lines));
    }

    @Test
    @Order(1)
    void sortIsAdvertised() throws Exception {
        try (ImapDialogue imap = loggedIn()) {
            String capability = imap.command("CAPABILITY").get(0);
            assertThat(capability).contains(" SORT", " SORT=DISPLAY", " THREAD=ORDEREDSUBJECT", " THREAD=REFERENCES");
            for (String name : List.of("SORT", "SORT=DISPLAY", "THREAD=ORDEREDSUBJECT", "THREAD=REFERENCES")) {
                assertThat(List.of(capability.split(" "))).as("advertised once").containsOnlyOnce(name);
            }
        }
    }

    @Test
    @Order(2)
    void searchFindsDecodedTextWhateverTheCaseAndAccents() throws Exception {
        try (ImapDialogue imap = loggedIn()) {
            assertThat(ImapDialogue.status(imap.command("CREATE Labo"))).startsWith("OK");
            append(imap, "Labo", message("\"Zoé Martin\" <z.martin@labo.localhost>", "Tue, 1 Dec 2026 09:00:00 +0100",
                "=?UTF-8?Q?R=C3=A9sultats_de_biologie?=", "Glycémie à jeun élevée."));
            append(imap, "Labo", message("accueil@clinique.localhost", "Mon, 30 Nov 2026 18:00:00 +0100",
                "Compte rendu", "Ferritine normale."));
            append(imap, "Labo", message("b.durand@labo.localhost", "Wed, 2 Dec 2026 08:00:00 +0100",
                "RESULTATS complementaires", "Kaliémie à contrôler."));
            assertThat(ImapDialogue.status(imap.command("SELECT Labo"))).startsWith("OK");

            assertThat(hits(imap, "SEARCH SUBJECT resultats", "SEARCH")).containsExactly("1", "3");
            assertThat(hits(imap, "SEARCH SUBJECT \"sultat\"", "SEARCH")).containsExactly("1", "3");
            assertThat(hits(imap, "SEARCH CHARSET UTF-8 SUBJECT {10+}\r\nRésultats", "SEARCH"))
                .containsExactly("1", "3");
            assertThat(hits(imap, "SEARCH BODY glycemie", "SEARCH")).containsExactly("1");
            assertThat(hits(imap, "SEARCH TEXT KALIEMIE", "SEARCH")).containsExactly("3");
            assertThat(hits(imap, "SEARCH FROM zoe", "SEARCH")).containsExactly("1");
            assertThat(hits(imap, "SEARCH NOT TEXT ferritine", "SEARCH")).containsExactly("1", "3");
            assertThat(hits(imap, "SEARCH TEXT absent", "SEARCH")).isEmpty();
        }
    }

    @Test
    @Order(3)
    void sortOrdersWhatTheSearchChose() throws Exception {
        try (ImapDialogue imap = loggedIn()) {
            assertThat(ImapDialogue.status(imap.command("SELECT Labo"))).startsWith("OK");
            assertThat(hits(imap, "SORT (DATE) UTF-8 ALL", "SORT")).containsExactly("2", "1", "3");
            assertThat(hits(imap, "SORT (REVERSE DATE) UTF-8 ALL", "SORT")).containsExactly("3", "1", "2");
            // Base subject, then UID: "compte rendu" < "resultats complementaires" < "résultats de biologie".
            assertThat(hits(imap, "SORT (SUBJECT) UTF-8 ALL", "SORT")).containsExactly("2", "3", "1");
            assertThat(hits(imap, "SORT (FROM) UTF-8 ALL", "SORT")).containsExactly("2", "3", "1");
            assertThat(hits(imap, "SORT (DISPLAYFROM) UTF-8 ALL", "SORT")).containsExactly("2", "3", "1");
            assertThat(hits(imap, "SORT (REVERSE ARRIVAL) UTF-8 SUBJECT resultats", "SORT")).containsExactly("3", "1");
            assertThat(hits(imap, "UID SORT (SIZE) UTF-8 2:3", "SORT")).hasSize(2);
            assertThat(hits(imap, "SORT (DATE) UTF-8 TEXT absent", "SORT")).isEmpty();
        }
    }

    @Test
    @Order(4)
    void threadsFollowReferencesThenSubjects() throws Exception {
        try (ImapDialogue imap = loggedIn()) {
            assertThat(ImapDialogue.status(imap.command("CREATE Fil"))).startsWith("OK");
            append(imap, "Fil", threaded("<a@chu.localhost>", "", "Avis cardiologique", 1));
            append(imap, "Fil", threaded("<b@chu.localhost>", "<a@chu.localhost>", "Re: Avis cardiologique", 2));
            append(imap, "Fil", threaded("<c@chu.localhost>", "", "Sortie du patient", 3));
            append(imap, "Fil", threaded("<d@chu.localhost>", "<a@chu.localhost> <b@chu.localhost>",
                "Re: Re: Avis cardiologique", 4));
            append(imap, "Fil", threaded("<e@chu.localhost>", "<a@chu.localhost>", "RE: Avis cardiologique", 5));
            assertThat(ImapDialogue.status(imap.command("SELECT Fil"))).startsWith("OK");

            assertThat(threads(imap, "THREAD REFERENCES UTF-8 ALL")).isEqualTo("(1 (2 4)(5))(3)");
            assertThat(threads(imap, "THREAD ORDEREDSUBJECT UTF-8 ALL")).isEqualTo("(1 (2)(4)(5))(3)");
            assertThat(threads(imap, "THREAD REFERENCES UTF-8 NOT 2")).isEqualTo("(1 (4)(5))(3)");
            assertThat(threads(imap, "THREAD REFERENCES UTF-8 TEXT absent")).isEmpty();
            assertThat(ImapDialogue.status(imap.command("THREAD SIDEWAYS UTF-8 ALL"))).startsWith("BAD");
        }
    }

    private static String threaded(String id, String references, String subject, int day) {
        return "From: cardio@chu.localhost\r\nTo: " + BOX + "\r\nDate: " + day + " Dec 2026 10:00:00 +0100\r\n"
            + "Subject: " + subject + "\r\nMessage-ID: " + id + "\r\n"
            + (references.isEmpty() ? "" : "References: " + references + "\r\n") + "\r\nAvis joint.\r\n";
    }

    private static String threads(ImapDialogue imap, String command) throws Exception {
        List<String> lines = imap.command(command);
        assertThat(ImapDialogue.status(lines)).as(command).startsWith("OK");
        return lines.stream().filter(line -> line.startsWith("* THREAD")).findFirst()
            .map(line -> line.substring("* THREAD".length()).trim())
            .orElseThrow(() -> new AssertionError("no * THREAD in " + lines));
    }

    @Test
    @Order(5)
    void aSortTheServerCannotReadIsRefusedAndTheSessionGoesOn() throws Exception {
        try (ImapDialogue imap = loggedIn()) {
            assertThat(ImapDialogue.status(imap.command("SELECT Labo"))).startsWith("OK");
            assertThat(ImapDialogue.status(imap.command("SORT (WEIGHT) UTF-8 ALL"))).startsWith("BAD SORT");
            assertThat(ImapDialogue.status(imap.command("UID THREAD SIDEWAYS UTF-8 ALL"))).startsWith("BAD");
            assertThat(ImapDialogue.status(imap.command("SORT (DATE) X-NO-SUCH-CHARSET ALL")))
                .startsWith("NO [BADCHARSET");
            assertThat(ImapDialogue.status(imap.command("NOOP"))).startsWith("OK");
        }
        try (ImapDialogue imap = loggedIn()) {
            assertThat(ImapDialogue.status(imap.command("SORT (DATE) UTF-8 ALL"))).as("no mailbox selected")
                .matches("(NO|BAD) .*");
        }
    }

    @Test
    @Order(6)
    void aKillNineLosesNoMessageToSearch() throws Exception {
        try (ImapDialogue imap = loggedIn()) {
            append(imap, "Labo", message("urgences@chu.localhost", "Thu, 3 Dec 2026 02:00:00 +0100",
                "Passage aux urgences", "Traumatisme crânien, scanner normal."));
        }
        caducee.server().kill();
        caducee.server().startAgain();
        try (ImapDialogue imap = loggedIn()) {
            assertThat(ImapDialogue.status(imap.command("SELECT Labo"))).startsWith("OK");
            assertThat(hits(imap, "SEARCH TEXT cranien", "SEARCH")).containsExactly("4");
            assertThat(hits(imap, "SORT (REVERSE DATE) UTF-8 ALL", "SORT")).containsExactly("4", "3", "1", "2");
        }
    }

    private static void append(ImapDialogue imap, String mailbox, String message) throws Exception {
        assertThat(ImapDialogue.status(imap.append(mailbox, message))).startsWith("OK");
    }
}
