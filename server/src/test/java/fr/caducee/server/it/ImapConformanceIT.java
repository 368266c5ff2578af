package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.ImapDialogue;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.TestClients;

/**
 * IMAP answers as the RFCs say, where James 3.8.1 did not (found by Dovecot's imaptest; docs/JAMES-NOTES.md). Each
 * test sends the command over IMAPS to the server process and reads the answer.
 */
class ImapConformanceIT {
    static final String BOX = "cadre.sante@conformance.localhost";
    static final String PASSWORD = "pass-cadre-2026";
    /** A box that gets mail before anyone logs into it. */
    static final String NEW_BOX = "sage.femme@conformance.localhost";
    static final String NEW_PASSWORD = "pass-sage-femme-2026";

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension().withBox(BOX, PASSWORD)
        .withBox(NEW_BOX, NEW_PASSWORD);

    private ImapDialogue loggedIn() throws Exception {
        ImapDialogue imap = ImapDialogue.connect(caducee.server());
        assertThat(imap.login(BOX, PASSWORD)).startsWith("OK");
        return imap;
    }

    private static String message(String date, String subject) {
        return (date == null ? "" : "Date: " + date + "\r\n")
            + "From: labo@biologie.conformance.localhost\r\nTo: " + BOX + "\r\nSubject: " + subject
            + "\r\nMessage-ID: <" + subject.hashCode() + "." + System.nanoTime() + "@conformance.localhost>\r\n"
            + "\r\nBilan joint.\r\n";
    }

    private static List<String> searchHits(ImapDialogue imap, String criteria) throws Exception {
        List<String> lines = imap.command("SEARCH " + criteria);
        assertThat(ImapDialogue.status(lines)).startsWith("OK");
        return lines.stream().filter(line -> line.startsWith("* SEARCH"))
            .findFirst().map(line -> List.of(line.substring("* SEARCH".length()).trim().split(" +")))
            .map(hits -> hits.equals(List.of("")) ? List.<String>of() : hits)
            .orElseThrow();
    }

    /**
     * RFC 9051 6.4.4: SENTBEFORE, SENTON and SENTSINCE compare the Date: header's date "disregarding time and
     * timezone". James moved it to GMT first: 23:30 in New York on 1 December was 2 December.
     */
    @Test
    void sentDatesCompareTheDayWrittenWhateverTheTimeAndZone() throws Exception {
        try (ImapDialogue imap = loggedIn()) {
            assertThat(ImapDialogue.status(imap.command("CREATE Dates"))).startsWith("OK");
            for (String date : List.of("Mon, 30 Nov 2026 12:00:00 +0100", "Tue, 1 Dec 2026 23:30:00 -0500",
                    "Tue, 1 Dec 2026 00:30:00 +0200", "Wed, 2 Dec 2026 09:00:00 +0000")) {
                assertThat(ImapDialogue.status(imap.append("Dates", message(date, "Bilan " + date)))).startsWith("OK");
            }
            assertThat(imap.command("SELECT Dates")).contains("* 4 EXISTS");

            assertThat(searchHits(imap, "SENTON 1-Dec-2026")).containsExactly("2", "3");
            assertThat(searchHits(imap, "SENTBEFORE 1-Dec-2026")).containsExactly("1");
            assertThat(searchHits(imap, "SENTSINCE 1-Dec-2026")).containsExactly("2", "3", "4");
            assertThat(searchHits(imap, "NOT SENTON 1-Dec-2026 SUBJECT Bilan")).containsExactly("1", "4");
            assertThat(searchHits(imap, "UID 1:* SENTSINCE 2-Dec-2026")).containsExactly("4");
        }
    }

    /**
     * A mailbox name whose {@code &} does not start valid modified UTF-7 (RFC 9051 5.1.3) is answered NO with a
     * sentence, as Dovecot does; James's decoder threw an Error and the connection was closed without an answer.
     */
    @Test
    void aMailboxNameThatIsNotModifiedUtf7IsAnsweredNoAndTheSessionGoesOn() throws Exception {
        try (ImapDialogue imap = loggedIn()) {
            for (String command : List.of("CREATE \"a&b\"", "SELECT \"&Jjo\"", "STATUS \"a&\" (MESSAGES)",
                    "RENAME INBOX \"&AGEAYQ\"")) {
                assertThat(ImapDialogue.status(imap.command(command))).as(command)
                    .startsWith("NO")
                    .contains("Invalid mailbox name: an '&' must start a modified UTF-7 sequence ended by '-'");
            }
            // A pattern no mailbox name can match lists nothing.
            for (String command : List.of("LIST \"\" \"a&b*\"", "LSUB \"&Jjo\" \"*\"")) {
                List<String> listed = imap.command(command);
                assertThat(ImapDialogue.status(listed)).as(command).startsWith("OK");
                assertThat(listed).as(command).noneMatch(line -> line.startsWith("* LIST") || line.startsWith("* LSUB"));
            }
            // Valid modified UTF-7 (Reçus) still works, and the session is alive.
            assertThat(ImapDialogue.status(imap.command("CREATE \"Re&AOc-us\""))).startsWith("OK");
            assertThat(imap.command("LIST \"\" \"Re&AOc-us\"")).anyMatch(line -> line.endsWith("\"Re&AOc-us\""));
            assertThat(ImapDialogue.status(imap.command("NOOP"))).startsWith("OK");
        }
    }

    /**
     * RFC 6154: a box that received mail before its first login lists Sent, Drafts and Trash with their special use,
     * as a box whose first login came first. James made them only at a login that found no INBOX, and the delivery
     * had made the INBOX alone.
     */
    @Test
    void aBoxThatReceivedMailBeforeItsFirstLoginHasItsSpecialUseMailboxes() throws Exception {
        new MailClient(caducee.server()).send(BOX, PASSWORD, NEW_BOX, "Avant la premiere connexion", "Bonjour.");
        TestClients.WebAdmin admin = new TestClients.WebAdmin(caducee.server());
        String delivered = "/audit?decision=DELIVERED&box=" + URLEncoder.encode(NEW_BOX, StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .until(() -> admin.get(delivered).body().contains("DELIVERED"));

        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(imap.login(NEW_BOX, NEW_PASSWORD)).startsWith("OK");
            List<String> listed = imap.command("LIST \"\" \"*\" RETURN (SPECIAL-USE)");
            assertThat(ImapDialogue.status(listed)).startsWith("OK");
            for (String use : List.of("\\Sent", "\\Drafts", "\\Trash")) {
                assertThat(listed).as(use).anyMatch(line -> line.startsWith("* LIST (") && line.contains(use));
            }
            List<String> specialUseOnly = imap.command("LIST (SPECIAL-USE) \"\" \"*\"");
            assertThat(specialUseOnly.stream().filter(line -> line.startsWith("* LIST ")).count()).isGreaterThanOrEqualTo(3);
            assertThat(imap.command("SELECT INBOX")).contains("* 1 EXISTS");
        }
    }

    /**
     * RFC 7889: APPENDLIMIT is what the server takes in one APPEND; it is the SMTP size limit (25,600 KB), so that a
     * client does not store a message that could not be sent (it was 40 MB).
     */
    @Test
    void theAppendLimitIsTheSmtpSizeLimit() throws Exception {
        try (ImapDialogue imap = loggedIn()) {
            List<String> capability = imap.command("CAPABILITY");
            assertThat(capability).anyMatch(line -> line.startsWith("* CAPABILITY ")
                && List.of(line.split(" ")).contains("APPENDLIMIT=" + 25_600 * 1024));
        }
    }

    /** RFC 5258 3: a LIST-EXTENDED server lists several patterns at once, each mailbox once. */
    @Test
    void listTakesSeveralPatterns() throws Exception {
        try (ImapDialogue imap = loggedIn()) {
            assertThat(ImapDialogue.status(imap.command("CREATE Envoyes"))).startsWith("OK");
            assertThat(ImapDialogue.status(imap.command("CREATE Brouillons"))).startsWith("OK");

            List<String> listed = imap.command("LIST \"\" (\"INBOX\" \"Envoy*\" \"INBOX\")");
            assertThat(ImapDialogue.status(listed)).startsWith("OK");
            assertThat(listed.stream().filter(line -> line.startsWith("* LIST ")))
                .hasSize(2)
                .anyMatch(line -> line.endsWith(" INBOX") || line.endsWith(" \"INBOX\""))
                .anyMatch(line -> line.endsWith(" Envoyes") || line.endsWith(" \"Envoyes\""));

            List<String> extended = imap.command("LIST (SUBSCRIBED) \"\" (\"*\") RETURN (CHILDREN)");
            assertThat(ImapDialogue.status(extended)).startsWith("OK");
            // RFC 5258 3: RECURSIVEMATCH only says how another selection option matches.
            assertThat(ImapDialogue.status(imap.command("LIST (RECURSIVEMATCH) \"\" \"\""))).startsWith("BAD");
            assertThat(ImapDialogue.status(imap.command("LIST (RECURSIVEMATCH REMOTE) \"\" \"\""))).startsWith("BAD");
            assertThat(ImapDialogue.status(imap.command("LIST (SUBSCRIBED RECURSIVEMATCH) \"\" \"*\"")))
                .startsWith("OK");
        }
    }

    /** RFC 6851 4.3: with UIDPLUS, MOVE's COPYUID comes in an untagged OK before the EXPUNGEs. */
    @Test
    void moveAnnouncesTheCopyUidBeforeTheExpunges() throws Exception {
        try (ImapDialogue imap = loggedIn()) {
            assertThat(ImapDialogue.status(imap.command("CREATE Tri"))).startsWith("OK");
            assertThat(ImapDialogue.status(imap.command("CREATE Archives"))).startsWith("OK");
            for (String subject : List.of("Ordonnance", "Compte rendu", "Radiographie")) {
                assertThat(ImapDialogue.status(imap.append("Tri", message(null, subject)))).startsWith("OK");
            }
            assertThat(imap.command("SELECT Tri")).contains("* 3 EXISTS");

            List<String> moved = imap.command("MOVE 1:2 Archives");
            assertThat(ImapDialogue.status(moved)).startsWith("OK").doesNotContain("COPYUID");
            int copyUid = indexOf(moved, "* OK [COPYUID ");
            List<Integer> expunges = new ArrayList<>();
            for (int i = 0; i < moved.size(); i++) {
                if (moved.get(i).matches("\\* \\d+ EXPUNGE")) {
                    expunges.add(i);
                }
            }
            assertThat(copyUid).as(moved.toString()).isGreaterThanOrEqualTo(0);
            assertThat(expunges).as(moved.toString()).hasSize(2).allMatch(index -> index > copyUid);
            assertThat(moved.get(copyUid)).matches("\\* OK \\[COPYUID \\d+ \\S+ \\S+].*");

            assertThat(imap.command("STATUS Archives (MESSAGES)")).anyMatch(line -> line.contains("MESSAGES 2"));
        }
    }

    /**
     * RFC 7162: CONDSTORE is advertised and works on its own, without QRESYNC: ENABLE, MODSEQ in FETCH, STORE
     * UNCHANGEDSINCE refusing a change made meanwhile ({@code [MODIFIED]}).
     */
    @Test
    void condstoreIsAdvertisedAndWorks() throws Exception {
        try (ImapDialogue imap = loggedIn(); ImapDialogue other = loggedIn()) {
            assertThat(imap.command("CAPABILITY")).anyMatch(line -> line.startsWith("* CAPABILITY ")
                && List.of(line.split(" ")).contains("CONDSTORE"));
            assertThat(ImapDialogue.status(imap.command("CREATE Suivi"))).startsWith("OK");
            assertThat(ImapDialogue.status(imap.append("Suivi", message(null, "Suivi infirmier")))).startsWith("OK");

            assertThat(imap.command("ENABLE CONDSTORE")).contains("* ENABLED CONDSTORE");
            assertThat(imap.command("SELECT Suivi")).anyMatch(line -> line.matches("\\* OK \\[HIGHESTMODSEQ \\d+].*"));
            long modSeq = modSeq(imap.command("FETCH 1 (FLAGS MODSEQ)"));

            List<String> stored = imap.command("STORE 1 (UNCHANGEDSINCE " + modSeq + ") +FLAGS (\\Flagged)");
            assertThat(ImapDialogue.status(stored)).startsWith("OK").doesNotContain("MODIFIED");
            long afterStore = modSeq(stored);
            assertThat(afterStore).isGreaterThan(modSeq);

            // Another session changes the message: a STORE conditional on the older mod-sequence is not applied.
            assertThat(ImapDialogue.status(other.command("SELECT Suivi"))).startsWith("OK");
            assertThat(ImapDialogue.status(other.command("STORE 1 +FLAGS (\\Seen)"))).startsWith("OK");
            List<String> refused = imap.command("STORE 1 (UNCHANGEDSINCE " + afterStore + ") -FLAGS (\\Flagged)");
            assertThat(ImapDialogue.status(refused)).startsWith("OK [MODIFIED 1]");
            assertThat(imap.command("FETCH 1 (FLAGS)")).anyMatch(line -> line.startsWith("* 1 FETCH")
                && line.contains("\\Flagged"));
        }
    }

    /**
     * RFC 7162 3.1.5: an ESEARCH with a MODSEQ key returning MIN or MAX gives the mod-sequence of the messages it
     * returns, not of every message found (imaptest's esearch-condstore).
     */
    @Test
    void esearchGivesTheModSeqOfTheMessagesItReturns() throws Exception {
        try (ImapDialogue imap = loggedIn()) {
            assertThat(ImapDialogue.status(imap.command("CREATE Releves"))).startsWith("OK");
            for (int i = 1; i <= 3; i++) {
                assertThat(ImapDialogue.status(imap.append("Releves", message(null, "Releve " + i)))).startsWith("OK");
            }
            assertThat(imap.command("ENABLE CONDSTORE")).contains("* ENABLED CONDSTORE");
            assertThat(ImapDialogue.status(imap.command("SELECT Releves"))).startsWith("OK");
            long first = modSeq(imap.command("STORE 1 +FLAGS (\\Seen)"), 1);
            long third = modSeq(imap.command("STORE 3 +FLAGS (\\Seen)"), 3);
            long second = modSeq(imap.command("STORE 2 +FLAGS (\\Seen)"), 2);
            assertThat(second).isGreaterThan(third).isGreaterThan(first);

            String criteria = "1:3 MODSEQ \"/flags/\\\\Seen\" all 1";
            assertThat(imap.command("SEARCH RETURN (MIN) " + criteria)).anyMatch(line ->
                line.startsWith("* ESEARCH") && line.endsWith("MIN 1 MODSEQ " + first));
            assertThat(imap.command("SEARCH RETURN (MAX) " + criteria)).anyMatch(line ->
                line.startsWith("* ESEARCH") && line.endsWith("MAX 3 MODSEQ " + third));
            assertThat(imap.command("SEARCH RETURN (MIN MAX) 2:3 MODSEQ 1")).anyMatch(line ->
                line.startsWith("* ESEARCH") && line.endsWith("MIN 2 MAX 3 MODSEQ " + second));
            assertThat(imap.command("SEARCH RETURN (ALL) " + criteria)).anyMatch(line ->
                line.startsWith("* ESEARCH") && line.endsWith("ALL 1:3 MODSEQ " + second));
        }
    }

    private static long modSeq(List<String> lines, int message) {
        return modSeq(lines.stream().map(line -> line.replaceFirst("^\\* " + message + " FETCH", "* 1 FETCH")).toList());
    }

    private static long modSeq(List<String> lines) {
        return lines.stream().filter(line -> line.startsWith("* 1 FETCH") && line.contains("MODSEQ ("))
            .map(line -> line.replaceAll(".*MODSEQ \\((\\d+)\\).*", "$1"))
            .mapToLong(Long::parseLong)
            .max().orElseThrow(() -> new AssertionError("no MODSEQ in " + lines));
    }

    /**
     * Commands a client writes after LOGIN without waiting for its answer (in the same packet) are run once the
     * login is done, in order.
     */
    @Test
    void commandsPipelinedAfterLoginAreRun() throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            imap.writeRaw("p1 LOGIN \"" + BOX + "\" \"" + PASSWORD + "\"\r\np2 SELECT INBOX\r\np3 NOOP\r\n");
            List<String> lines = new ArrayList<>();
            for (String line = imap.readLine(); line != null; line = imap.readLine()) {
                lines.add(line);
                if (line.startsWith("p3 ")) {
                    break;
                }
            }
            assertThat(lines).as(lines.toString())
                .anyMatch(line -> line.startsWith("p1 OK"))
                .anyMatch(line -> line.startsWith("p2 OK [READ-WRITE]"))
                .anyMatch(line -> line.startsWith("p3 OK"));
        }
    }

    /**
     * RFC 9051 6.4.5: in a message whose part 1 is a message/rfc822, BODY[1] is the whole encapsulated message,
     * BODY[1.HEADER] its header, BODY[1.TEXT] and (it is not multipart) BODY[1.1] its body.
     */
    @Test
    void partsOfAnEncapsulatedMessageAreNumberedAsTheRfcSays() throws Exception {
        try (ImapDialogue imap = loggedIn()) {
            assertThat(ImapDialogue.status(imap.command("CREATE Transferts"))).startsWith("OK");
            String forwarded = "From: secretariat@conformance.localhost\r\nTo: " + BOX + "\r\nSubject: Fwd: Bilan\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n"
                + "--B\r\nContent-Type: message/rfc822\r\n\r\n"
                + "Subject: Bilan interne\r\nFrom: labo@biologie.conformance.localhost\r\n\r\nGlycemie normale\r\n"
                + "--B\r\nContent-Type: text/plain\r\n\r\nPour information\r\n--B--\r\n";
            assertThat(ImapDialogue.status(imap.append("Transferts", forwarded))).startsWith("OK");
            assertThat(ImapDialogue.status(imap.command("SELECT Transferts"))).startsWith("OK");

            assertThat(String.join("\n", imap.command("FETCH 1 (BODY.PEEK[1])")))
                .contains("Subject: Bilan interne\nFrom: labo@biologie.conformance.localhost\n\nGlycemie normale");
            assertThat(String.join("\n", imap.command("FETCH 1 (BODY.PEEK[1.HEADER])")))
                .contains("Subject: Bilan interne\nFrom: labo@biologie.conformance.localhost\n")
                .doesNotContain("Glycemie");
            assertThat(String.join("\n", imap.command("FETCH 1 (BODY.PEEK[1.TEXT])")))
                .contains("Glycemie normale").doesNotContain("Subject: Bilan interne");
            assertThat(String.join("\n", imap.command("FETCH 1 (BODY.PEEK[1.1])")))
                .contains("Glycemie normale").doesNotContain("Subject: Bilan interne");
            assertThat(String.join("\n", imap.command("FETCH 1 (BODY.PEEK[1.MIME])")))
                .contains("Content-Type: message/rfc822").doesNotContain("Bilan interne");

            // The encapsulated message is itself multipart: 1.1 and 1.2 are its parts.
            String nested = "From: secretariat@conformance.localhost\r\nTo: " + BOX + "\r\nSubject: Fwd: Dossier\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n"
                + "--B\r\nContent-Type: message/rfc822\r\n\r\n"
                + "Subject: Dossier interne\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"C\"\r\n\r\n"
                + "--C\r\nContent-Type: text/plain\r\n\r\nPremiere partie\r\n"
                + "--C\r\nContent-Type: text/csv\r\n\r\nseconde;partie\r\n--C--\r\n"
                + "--B--\r\n";
            assertThat(ImapDialogue.status(imap.append("Transferts", nested))).startsWith("OK");
            assertThat(ImapDialogue.status(imap.command("NOOP"))).startsWith("OK");
            assertThat(String.join("\n", imap.command("FETCH 2 (BODY.PEEK[1.1])")))
                .contains("Premiere partie").doesNotContain("seconde;partie").doesNotContain("Content-Type");
            assertThat(String.join("\n", imap.command("FETCH 2 (BODY.PEEK[1.2])")))
                .contains("seconde;partie").doesNotContain("Premiere partie");
            assertThat(String.join("\n", imap.command("FETCH 2 (BODY.PEEK[1.2.MIME])")))
                .contains("Content-Type: text/csv").doesNotContain("seconde;partie");
            assertThat(String.join("\n", imap.command("FETCH 2 (BODY.PEEK[1.HEADER])")))
                .contains("Subject: Dossier interne").doesNotContain("Premiere partie");
        }
    }

    /**
     * RFC 9051 6.4.5, for a message whose own type is message/rfc822 (imaptest's fetch-body-message-rfc822 and -x2,
     * the answers Dovecot gives): part 1 is the encapsulated message, 1.HEADER its header, 1.TEXT its body, and its
     * parts are numbered from 1.1 down, as if it stood alone.
     */
    @Test
    void partsOfAMessageThatIsItselfAForwardedMessageAreNumberedFromTheEncapsulatedOne() throws Exception {
        String submessage = "From: sub@domain.org\r\nDate: Sun, 12 Aug 2012 12:34:56 +0300\r\nSubject: submsg\r\n\r\n"
            + "Hello world\r\n";
        String forwarded = "From: user@domain.org\r\nDate: Sat, 24 Mar 2007 23:00:00 +0200\r\nMime-Version: 1.0\r\n"
            + "Content-Type: message/rfc822\r\n\r\n" + submessage;
        String forwardedTwice = "From: user@domain.org\r\nDate: Sat, 24 Mar 2007 23:00:00 +0200\r\n"
            + "Mime-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n"
            + "From: user2@domain.org\r\nDate: Fri, 23 Mar 2007 11:22:33 +0200\r\nMime-Version: 1.0\r\n"
            + "Content-Type: message/rfc822\r\n\r\n" + submessage;
        try (ImapDialogue imap = loggedIn()) {
            assertThat(ImapDialogue.status(imap.command("CREATE Encapsules"))).startsWith("OK");
            assertThat(ImapDialogue.status(imap.append("Encapsules", forwarded))).startsWith("OK");
            assertThat(ImapDialogue.status(imap.append("Encapsules", forwardedTwice))).startsWith("OK");
            assertThat(imap.command("SELECT Encapsules")).contains("* 2 EXISTS");

            assertThat(section(imap, 1, "1")).isEqualTo(submessage);
            assertThat(section(imap, 1, "1.HEADER"))
                .isEqualTo("From: sub@domain.org\r\nDate: Sun, 12 Aug 2012 12:34:56 +0300\r\nSubject: submsg\r\n\r\n");
            assertThat(section(imap, 1, "1.HEADER.FIELDS (FROM SUBJECT X-FOO)"))
                .isEqualTo("From: sub@domain.org\r\nSubject: submsg\r\n\r\n");
            assertThat(section(imap, 1, "1.HEADER.FIELDS.NOT (FROM SUBJECT X-FOO)"))
                .isEqualTo("Date: Sun, 12 Aug 2012 12:34:56 +0300\r\n\r\n");
            assertThat(section(imap, 1, "1.TEXT")).isEqualTo("Hello world\r\n");
            assertThat(section(imap, 1, "1.1")).isEqualTo("Hello world\r\n");

            assertThat(section(imap, 2, "1")).startsWith("From: user2@domain.org\r\n").endsWith(submessage);
            assertThat(section(imap, 2, "1.TEXT")).isEqualTo(submessage);
            assertThat(section(imap, 2, "1.1")).isEqualTo(submessage);
            assertThat(section(imap, 2, "1.1.1")).isEqualTo("Hello world\r\n");
            assertThat(section(imap, 2, "1.1.HEADER")).startsWith("From: sub@domain.org\r\n")
                .endsWith("Subject: submsg\r\n\r\n");
            assertThat(section(imap, 2, "1.1.TEXT")).isEqualTo("Hello world\r\n");
        }
    }

    /**
     * RFC 9051 6.4.5: the MIME header of a part that has no header field is the blank line that ends it, not an empty
     * string (imaptest's fetch-body-message-rfc822-mime, a digest whose first part starts with its blank line).
     */
    @Test
    void anEmptyMimeHeaderOfAnEncapsulatedPartIsItsBlankLine() throws Exception {
        String digest = "From: user@domain.org\r\nDate: Sat, 24 Mar 2007 23:00:00 +0200\r\nMime-Version: 1.0\r\n"
            + "Content-Type: message/rfc822\r\n\r\n"
            + "From: sub@domain.org\r\nSubject: submsg\r\nContent-Type: multipart/digest; boundary=\"foo\"\r\n\r\n"
            + "prologue\r\n\r\n--foo\r\n\r\nFrom: m1@example.com\r\nSubject: m1\r\n\r\nm1 body\r\n\r\n"
            + "--foo\r\nX-Mime: m2 header\r\n\r\nFrom: m2@example.com\r\nSubject: m2\r\n\r\nm2 body\r\n\r\n"
            + "--foo--\r\n\r\nepilogue\r\n";
        try (ImapDialogue imap = loggedIn()) {
            assertThat(ImapDialogue.status(imap.command("CREATE Digests"))).startsWith("OK");
            assertThat(ImapDialogue.status(imap.append("Digests", digest))).startsWith("OK");
            assertThat(imap.command("SELECT Digests")).contains("* 1 EXISTS");

            assertThat(section(imap, 1, "1.1.MIME")).isEqualTo("\r\n");
            assertThat(section(imap, 1, "1.1.HEADER")).isEqualTo("From: m1@example.com\r\nSubject: m1\r\n\r\n");
            assertThat(section(imap, 1, "1.2.MIME")).isEqualTo("X-Mime: m2 header\r\n\r\n");
        }
    }

    /**
     * An ENVELOPE address written the old way, {@code user@domain (Real Name)}, is named by its comment, as Dovecot
     * names it (imaptest's fetch-envelope); an empty Sender or Reply-To is From's, name included; a display name
     * stays the name.
     */
    @Test
    void anEnvelopeAddressWithoutDisplayNameIsNamedByItsComment() throws Exception {
        String message = "Date: Thu, 15 Feb 2007 01:02:03 +0200\r\n"
            + "From: labo@biologie.conformance.localhost (Laboratoire Central)\r\nSender: \r\nReply-To: \r\n"
            + "To: Cadre Sante <" + BOX + "> (garde), secretariat@conformance.localhost (Secretariat)\r\n"
            + "Subject: Bilan\r\n\r\nBilan joint.\r\n";
        try (ImapDialogue imap = loggedIn()) {
            assertThat(ImapDialogue.status(imap.command("CREATE Enveloppes"))).startsWith("OK");
            assertThat(ImapDialogue.status(imap.append("Enveloppes", message))).startsWith("OK");
            assertThat(imap.command("SELECT Enveloppes")).contains("* 1 EXISTS");

            List<String> lines = imap.command("FETCH 1 (ENVELOPE)");
            assertThat(ImapDialogue.status(lines)).startsWith("OK");
            String laboratory = "((\"Laboratoire Central\" NIL \"labo\" \"biologie.conformance.localhost\"))";
            String expected = "* 1 FETCH (ENVELOPE (\"Thu, 15 Feb 2007 01:02:03 +0200\" \"Bilan\" "
                + laboratory + " " + laboratory + " " + laboratory + " "
                + "((\"Cadre Sante\" NIL \"cadre.sante\" \"conformance.localhost\")"
                + "(\"Secretariat\" NIL \"secretariat\" \"conformance.localhost\")) NIL NIL NIL NIL))";
            // Compared without the space James may write between the addresses of a list.
            assertThat(String.join("\n", lines).replace(") (", ")(")).contains(expected.replace(") (", ")("));
        }
    }

    /** The literal a FETCH of one section of one message answers, line ends as sent (CRLF), its size checked. */
    private static String section(ImapDialogue imap, int message, String section) throws Exception {
        List<String> lines = imap.command("FETCH " + message + " (BODY.PEEK[" + section + "])");
        assertThat(ImapDialogue.status(lines)).startsWith("OK");
        int start = indexOf(lines, "* " + message + " FETCH (BODY[" + section.toUpperCase() + "] {");
        assertThat(start).as("the answer to BODY[%s]: %s", section, lines).isNotNegative();
        String announced = lines.get(start);
        int size = Integer.parseInt(announced.substring(announced.lastIndexOf('{') + 1, announced.length() - 1));
        StringBuilder literal = new StringBuilder();
        for (int i = start + 1; literal.length() < size && i < lines.size(); i++) {
            literal.append(lines.get(i)).append("\r\n");
        }
        assertThat(literal.length()).as("the literal of BODY[%s]: %s", section, lines).isEqualTo(size);
        return literal.toString();
    }

    /**
     * RFC 5256: SORT and THREAD are advertised and answer by the messages' header, numbered as the session knows them
     * (sequence numbers, or UIDs after UID).
     */
    @Test
    void sortAndThreadOrderTheMessagesByTheirHeader() throws Exception {
        try (ImapDialogue imap = loggedIn()) {
            assertThat(imap.command("CAPABILITY")).anyMatch(line -> line.startsWith("* CAPABILITY ")
                && List.of(line.split(" ")).containsAll(List.of("SORT", "THREAD=REFERENCES", "THREAD=ORDEREDSUBJECT")));
            assertThat(ImapDialogue.status(imap.command("CREATE Fil"))).startsWith("OK");
            String[] messages = {
                threaded("Tue, 1 Dec 2026 09:00:00 +0100", "zoe@conformance.localhost", "Bilan sanguin", "<a@x>", null),
                threaded("Tue, 1 Dec 2026 08:00:00 +0100", "alice@conformance.localhost", "Re: Bilan sanguin",
                    "<b@x>", "<a@x>"),
                threaded("Mon, 30 Nov 2026 10:00:00 +0100", "marc@conformance.localhost", "Garde de nuit", "<c@x>",
                    null),
                threaded("Wed, 2 Dec 2026 10:00:00 +0100", "bob@conformance.localhost", "Re: Re: Bilan sanguin",
                    "<d@x>", "<a@x> <b@x>"),
            };
            for (String message : messages) {
                assertThat(ImapDialogue.status(imap.append("Fil", message))).startsWith("OK");
            }
            assertThat(imap.command("SELECT Fil")).contains("* 4 EXISTS");

            assertThat(imap.command("SORT (DATE) UTF-8 ALL")).contains("* SORT 3 2 1 4");
            assertThat(imap.command("SORT (REVERSE DATE) UTF-8 ALL")).contains("* SORT 4 1 2 3");
            assertThat(imap.command("SORT (FROM) UTF-8 ALL")).contains("* SORT 2 4 3 1");
            assertThat(imap.command("SORT (SUBJECT DATE) UTF-8 NOT FROM marc")).contains("* SORT 2 1 4");
            assertThat(imap.command("UID SORT (SUBJECT) UTF-8 ALL"))
                .anyMatch(line -> line.matches("\\* SORT \\d+ \\d+ \\d+ \\d+"));
            assertThat(imap.command("THREAD REFERENCES UTF-8 ALL")).contains("* THREAD (3)(1 2 4)");
            assertThat(imap.command("THREAD ORDEREDSUBJECT UTF-8 ALL")).contains("* THREAD (3)(2 (1)(4))");
            assertThat(ImapDialogue.status(imap.command("SORT (DATE) UTF-8 SUBJECT Inexistant"))).startsWith("OK");
            assertThat(ImapDialogue.status(imap.command("THREAD NOSUCH UTF-8 ALL"))).startsWith("BAD");
        }
    }

    private static String threaded(String date, String from, String subject, String id, String references) {
        return "Date: " + date + "\r\nFrom: " + from + "\r\nTo: " + BOX + "\r\nSubject: " + subject
            + "\r\nMessage-ID: " + id + "\r\n" + (references == null ? "" : "References: " + references + "\r\n")
            + "\r\nSuite.\r\n";
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
