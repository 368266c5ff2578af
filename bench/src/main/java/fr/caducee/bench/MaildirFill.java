package fr.caducee.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes the messages {@link ImapAppendFill} appends (same generator: subjects, bodies, unseen one in
 * {@value ImapAppendFill#UNSEEN}, sizes) straight into a maildir's {@code cur/}, flags in the file name as maildir
 * keeps them ({@code :2,S} for seen), so that a Dovecot holding a large INBOX is filled in seconds, not through one
 * APPEND at a time. The files belong to whoever runs this: the script gives them to Dovecot's mail user after.
 * Ends with one line of key=value pairs for scripts.
 *
 * <pre>
 *   java -cp "bench/target/caducee-bench.jar:bench/target/lib/*" fr.caducee.bench.MaildirFill \
 *       --maildir HOME/Maildir --user box@example.org --messages 1000 [--first 1] [--size 4096]
 * </pre>
 */
public final class MaildirFill {
    static final String USAGE = "usage: MaildirFill --maildir DIR --user ADDR --messages N [--first 1] [--size 4096]";

    private MaildirFill() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parseOrExit(USAGE, args,
            new String[] {"maildir", "user", "messages", "first", "size"}, "maildir", "user", "messages");
        Path maildir = line.path("maildir");
        String user = line.text("user", null);
        int messages = line.positive("messages", null);
        int first = line.positive("first", 1);
        String body = BenchMessage.body(line.positive("size", 4096));
        for (String folder : List.of("cur", "new", "tmp")) {
            Files.createDirectories(maildir.resolve(folder));
        }
        long start = System.nanoTime();
        long seconds = System.currentTimeMillis() / 1000;
        for (int n = first; n < first + messages; n++) {
            byte[] message = ImapAppendFill.message(n, user, body);
            write(maildir, fileName(seconds, n, message.length, n % ImapAppendFill.UNSEEN != 0), message);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "Wrote %d messages (%d to %d) into %s in %.1f s%n", messages, first,
            first + messages - 1, maildir, elapsed);
        System.out.printf(Locale.ROOT, "written=%d elapsed_s=%.1f msg_per_s=%.1f%n", messages, elapsed,
            messages / elapsed);
    }

    /** A maildir name, unique by the message number, with its size ({@code S=}, which Dovecot reads) and flags. */
    static String fileName(long seconds, int n, int size, boolean seen) {
        return seconds + ".M" + n + "P0.bench,S=" + size + ":2," + (seen ? "S" : "");
    }

    /** Written in tmp/ then moved into cur/, as maildir delivers. */
    private static void write(Path maildir, String name, byte[] message) throws IOException {
        Path tmp = maildir.resolve("tmp").resolve(name);
        Files.write(tmp, message);
        Files.move(tmp, maildir.resolve("cur").resolve(name));
    }
}
