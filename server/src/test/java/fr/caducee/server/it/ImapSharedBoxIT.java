package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.ImapDialogue;

/**
 * A care team's box opened by several sessions at once: what each session is told stays consistent with what it was
 * told before (RFC 9051 7.5.1, RFC 2180 4), whatever the others do. Three IMAPS sessions on one box, their commands
 * interleaved in a fixed order; every answer each one gets goes through a {@link Told} that fails the test on a
 * sequence number above the EXISTS the session announced, a RECENT above EXISTS, an EXPUNGE during a FETCH, STORE or
 * SEARCH, or a keyword shown before FLAGS listed it.
 */
class ImapSharedBoxIT {
    static final String BOX = "equipe.soins@partage.localhost";
    static final String PASSWORD = "pass-equipe-2026";

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension().withBox(BOX, PASSWORD);

    private static final Pattern NUMBERED = Pattern.compile("^\\* (\\d+) (EXISTS|RECENT|EXPUNGE|FETCH)\\b.*");
    private static final Pattern FLAGS = Pattern.compile("^\\* FLAGS \\(([^)]*)\\).*");
    private static final Pattern FETCH_FLAGS = Pattern.compile("FLAGS \\(([^)]*)\\)");

    /** What one session was told of the selected mailbox, checked answer by answer. */
    private static final class Told {
        private final String name;
        private long exists;
        private final Set<String> keywords = new HashSet<>();

        Told(String name) {
            this.name = name;
        }

        List<String> answer(String command, List<String> lines) {
            boolean noExpunge = command.matches("(?i)^(FETCH|STORE|SEARCH) .*");
            for (String line : lines) {
                Matcher flags = FLAGS.matcher(line);
                if (flags.matches()) {
                    keywords.addAll(List.of(flags.group(1).split(" ")));
                    continue;
                }
                Matcher numbered = NUMBERED.matcher(line);
                if (!numbered.matches()) {
                    continue;
                }
                long n = Long.parseLong(numbered.group(1));
                switch (numbered.group(2)) {
                    case "EXISTS" -> exists = n;
                    case "RECENT" -> assertThat(n).as(name + " " + command + ": " + line + " with EXISTS " + exists)
                        .isLessThanOrEqualTo(exists);
                    case "EXPUNGE" -> {
                        assertThat(noExpunge).as(name + " " + command + ": no EXPUNGE during it (RFC 9051 7.5.1)")
                            .isFalse();
                        assertThat(n).as(name + " " + command + ": " + line + " with EXISTS " + exists)
                            .isBetween(1L, exists);
                        exists--;
                    }
                    default -> {
                        assertThat(n).as(name + " " + command + ": " + line + " with EXISTS " + exists)
                            .isBetween(1L, exists);
                        Matcher shown = FETCH_FLAGS.matcher(line);
                        if (shown.find()) {
                            for (String flag : shown.group(1).split(" ")) {
                                assertThat(flag.startsWith("\\") || flag.isEmpty() || keywords.contains(flag))
                                    .as(name + " " + command + ": " + line + " shows " + flag + " before FLAGS "
                                        + keywords).isTrue();
                            }
                        }
                    }
                }
            }
            return lines;
        }
    }

    private record Session(ImapDialogue imap, Told told) implements AutoCloseable {
        static Session open(String name) throws Exception {
            ImapDialogue imap = ImapDialogue.connect(caducee.server());
            assertThat(imap.login(BOX, PASSWORD)).startsWith("OK");
            return new Session(imap, new Told(name));
        }

        /** The command's answer, checked against what the session was told; it must be OK. */
        List<String> ok(String command) throws Exception {
            List<String> lines = told.answer(command, imap.command(command));
            assertThat(ImapDialogue.status(lines)).as(told.name + " " + command + ": " + lines).startsWith("OK");
            return lines;
        }

        /** APPENDs to a mailbox; the answer is checked as any other (the selected mailbox may be the one). */
        void append(String mailbox, String message) throws Exception {
            List<String> lines = told.answer("APPEND", imap.append(mailbox, message));
            assertThat(ImapDialogue.status(lines)).as(told.name + " APPEND: " + lines).startsWith("OK");
        }

        @Override
        public void close() {
            imap.close();
        }
    }

    private static String message(String subject) {
        return "From: labo@biologie.partage.localhost\r\nTo: " + BOX + "\r\nSubject: " + subject
            + "\r\nMessage-ID: <" + subject.hashCode() + "." + System.nanoTime() + "@partage.localhost>\r\n"
            + "\r\nResultats joints.\r\n";
    }

    @Test
    void sessionsOfOneBoxAreToldConsistentNumbersWhileOthersExpungeDeliverAndFlag() throws Exception {
        try (Session nurse = Session.open("nurse"); Session doctor = Session.open("doctor");
                Session secretary = Session.open("secretary")) {
            nurse.ok("CREATE Equipe");
            for (int i = 1; i <= 5; i++) {
                secretary.append("Equipe", message("Bilan " + i));
            }
            assertThat(nurse.ok("SELECT Equipe")).contains("* 5 EXISTS");
            assertThat(doctor.ok("SELECT Equipe")).contains("* 5 EXISTS");
            assertThat(secretary.ok("SELECT Equipe")).contains("* 5 EXISTS");

            // The doctor removes message 2; the nurse has not been told yet.
            doctor.ok("STORE 2 +FLAGS.SILENT (\\Deleted)");
            assertThat(doctor.ok("EXPUNGE")).contains("* 2 EXPUNGE");

            // RFC 2180 4.1: a FETCH or STORE of what the nurse still numbers 2 is answered OK, without EXPUNGE.
            nurse.ok("FETCH 2 (FLAGS)");
            nurse.ok("STORE 2 +FLAGS (\\Seen)");
            nurse.ok("FETCH 1:5 (UID FLAGS)");
            List<String> hits = nurse.ok("SEARCH ALL");
            assertThat(hits).anyMatch(line -> line.startsWith("* SEARCH"));

            // Deliveries and a keyword while the nurse still holds the expunged message.
            secretary.append("Equipe", message("Bilan 6"));
            doctor.ok("STORE 3 +FLAGS (\\Flagged $Urgent)");
            nurse.ok("FETCH 1:* (FLAGS)");
            secretary.append("Equipe", message("Bilan 7"));

            // Told now: the expunge, the deliveries; RECENT never above EXISTS.
            List<String> noop = nurse.ok("NOOP");
            assertThat(noop).contains("* 2 EXPUNGE");
            assertThat(nurse.told().exists).isEqualTo(6);
            nurse.ok("FETCH 1:* (FLAGS)");
            secretary.ok("NOOP");
            assertThat(secretary.told().exists).isEqualTo(6);

            // The secretary expunges everything flagged while the doctor stores and searches by number.
            secretary.ok("STORE 1:3 +FLAGS.SILENT (\\Deleted)");
            secretary.ok("EXPUNGE");
            doctor.ok("STORE 1:* +FLAGS (\\Answered)");
            doctor.ok("SEARCH UNDELETED");
            doctor.ok("FETCH 1:* (FLAGS)");
            doctor.ok("NOOP");
            assertThat(doctor.told().exists).isEqualTo(3);
            nurse.ok("NOOP");
            assertThat(nurse.told().exists).isEqualTo(3);
            assertThat(nurse.ok("STATUS Equipe (MESSAGES)")).anyMatch(line -> line.contains("MESSAGES 3"));

            // SELECT again starts afresh and counts what the box holds.
            assertThat(doctor.ok("SELECT Equipe")).contains("* 3 EXISTS");
        }
    }

    /** RFC 4315 3: COPYUID's source set is UIDs, also for a COPY by sequence numbers. */
    @Test
    void copyBySequenceNumbersAnswersTheSourceUids() throws Exception {
        try (Session nurse = Session.open("nurse")) {
            nurse.ok("CREATE Tri");
            nurse.ok("CREATE Classes");
            for (int i = 1; i <= 4; i++) {
                nurse.append("Tri", message("Tri " + i));
            }
            nurse.ok("SELECT Tri");
            nurse.ok("STORE 1 +FLAGS.SILENT (\\Deleted)");
            nurse.ok("EXPUNGE");
            // Messages 2 and 3 now hold UIDs 3 and 4.
            List<String> copied = nurse.ok("COPY 2:3 Classes");
            assertThat(ImapDialogue.status(copied)).matches("OK \\[COPYUID \\d+ 3:4 \\d+:\\d+].*");
            List<String> moved = nurse.ok("MOVE 1 Classes");
            assertThat(moved).anyMatch(line -> line.matches("\\* OK \\[COPYUID \\d+ 2 \\d+].*"));
        }
    }
}
