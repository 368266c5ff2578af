package fr.caducee.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.mail.FetchProfile;
import javax.mail.Flags;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.Transport;
import javax.mail.internet.MimeMessage;
import javax.mail.search.SubjectTerm;

import fr.caducee.testkit.ClientTls;

/**
 * The soak test's mixed load, for a given number of seconds: submitters sending at a steady total rate, each
 * opening a new connection every {@code --per-connection} messages (connections come and go, as clients do), and
 * IMAP readers that log in, open the INBOX, read the newest messages' envelopes, fetch one body, search a subject
 * and log out, again and again. With {@code --keep N} the first reader also deletes (and expunges) all but the N
 * newest messages, as users do, so that the mailbox stays the same size: what the server holds while it works on
 * a mailbox then stays the same too, and a heap that grows means something kept. Ends with one line of key=value
 * pairs; exits 1 if any operation failed.
 *
 * <pre>
 *   java -cp "bench/target/caducee-bench.jar:bench/target/lib/*" fr.caducee.bench.SoakLoad --submission-port 587
 *       --imaps-port 993 --ca ca.pem --from a@x --to b@x --password pw --seconds 1800 [--rate 10] [--submitters 2]
 *       [--readers 2] [--per-connection 50] [--size 4096] [--keep 0]
 * </pre>
 */
public final class SoakLoad {
    static final String USAGE = "usage: SoakLoad [--host localhost] --submission-port P --imaps-port P --ca CA.pem"
        + " --from ADDR --to ADDR --password PW --seconds S [--rate 10] [--submitters 2] [--readers 2]"
        + " [--per-connection 50] [--size 4096] [--keep 0 (all)]";
    private static final int NEWEST = 20;

    private final Session session;
    private final CommandLine line;
    private final long deadline;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger sendErrors = new AtomicInteger();
    private final AtomicInteger readerSessions = new AtomicInteger();
    private final AtomicInteger readErrors = new AtomicInteger();
    private final AtomicInteger sequenceRaces = new AtomicInteger();
    private final AtomicInteger deleted = new AtomicInteger();
    private final AtomicLong lastError = new AtomicLong();

    private SoakLoad(CommandLine line) throws Exception {
        this.line = line;
        this.session = Session.getInstance(MailSessions.submissionAndImaps(line.text("host", "localhost"),
            line.positive("submission-port", null), ClientTls.trusting(line.path("ca"))));
        this.deadline = System.nanoTime() + line.positive("seconds", null) * 1_000_000_000L;
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parseOrExit(USAGE, args, new String[] {"host", "submission-port", "imaps-port",
            "ca", "from", "to", "password", "seconds", "rate", "submitters", "readers", "per-connection", "size", "keep"},
            "submission-port", "imaps-port", "ca", "from", "to", "password", "seconds");
        System.exit(new SoakLoad(line).run() ? 0 : 1);
    }

    private boolean run() throws Exception {
        int submitters = line.positive("submitters", 2);
        // Each submitter sends one message every this many nanoseconds, so that together they keep the rate.
        long interval = 1_000_000_000L * submitters / line.positive("rate", 10);
        BenchMessage messages = new BenchMessage(session, line.text("from", null), line.text("to", null),
            line.positive("size", 4096));
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < submitters; i++) {
            threads.add(new Thread(() -> submit(interval, messages), "soak-submitter-" + i));
        }
        int keep = line.nonNegative("keep", 0);
        for (int i = 0; i < line.positive("readers", 2); i++) {
            int trimTo = i == 0 ? keep : 0;
            threads.add(new Thread(() -> read(trimTo), "soak-reader-" + i));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.printf(Locale.ROOT, "sent=%d send_errors=%d reader_sessions=%d read_errors=%d fetch_bad_messageset=%d"
            + " deleted=%d%n", sent.get(), sendErrors.get(), readerSessions.get(), readErrors.get(), sequenceRaces.get(),
            deleted.get());
        return sendErrors.get() == 0 && readErrors.get() == 0;
    }

    private void submit(long intervalNanos, BenchMessage messages) {
        int perConnection = line.positive("per-connection", 50);
        long next = System.nanoTime();
        // Ends at the deadline even when the server has fallen behind the rate: a soak lasts its duration.
        while (next < deadline && System.nanoTime() < deadline) {
            try {
                Transport transport = session.getTransport("smtp");
                transport.connect(line.text("from", null), line.text("password", null));
                try {
                    for (int i = 0; i < perConnection && next < deadline && System.nanoTime() < deadline; i++) {
                        sleepUntil(next);
                        MimeMessage message = messages.number(sent.incrementAndGet());
                        message.saveChanges();
                        transport.sendMessage(message, message.getAllRecipients());
                        next += intervalNanos;
                    }
                } finally {
                    transport.close();
                }
            } catch (MessagingException | InterruptedException e) {
                error(sendErrors, e);
                next += intervalNanos;
            }
        }
    }

    /** @param keep delete all but this many newest messages at each session; 0: delete nothing */
    private void read(int keep) {
        while (System.nanoTime() < deadline) {
            String step = "LOGIN";
            try {
                Store store = session.getStore("imaps");
                store.connect(line.text("host", "localhost"), line.positive("imaps-port", null), line.text("to", null),
                    line.text("password", null));
                try {
                    Folder inbox = store.getFolder("INBOX");
                    inbox.open(keep > 0 ? Folder.READ_WRITE : Folder.READ_ONLY);
                    int count = inbox.getMessageCount();
                    step = "FETCH " + Math.max(1, count - NEWEST + 1) + ":" + count + " of " + count;
                    if (count > 0) {
                        Message[] newest = inbox.getMessages(Math.max(1, count - NEWEST + 1), count);
                        FetchProfile profile = new FetchProfile();
                        profile.add(FetchProfile.Item.ENVELOPE);
                        profile.add(FetchProfile.Item.FLAGS);
                        inbox.fetch(newest, profile);
                        newest[newest.length - 1].getInputStream().readAllBytes();
                        inbox.search(new SubjectTerm("n° " + count));
                    }
                    boolean trim = keep > 0 && count > keep;
                    if (trim) {
                        step = "STORE \\Deleted 1:" + (count - keep);
                        inbox.setFlags(1, count - keep, new Flags(Flags.Flag.DELETED), true);
                        deleted.addAndGet(count - keep);
                    }
                    inbox.close(trim);
                } finally {
                    store.close();
                }
                readerSessions.incrementAndGet();
                Thread.sleep(500);
            } catch (Exception e) {
                // James 3.8.1 may refuse a FETCH of sequence numbers it has just announced in EXISTS while mail is
                // being delivered to the mailbox (docs/JAMES-NOTES.md): counted apart, it is not a resource problem.
                boolean race = String.valueOf(e.getMessage()).contains("Invalid messageset")
                    || e.getCause() != null && String.valueOf(e.getCause().getMessage()).contains("Invalid messageset");
                error(race ? sequenceRaces : readErrors, new MessagingException(step, e));
            }
        }
    }

    private void error(AtomicInteger counter, Exception e) {
        counter.incrementAndGet();
        long now = System.nanoTime();
        // One line per second at most: a broken server should not drown the log.
        if (now - lastError.getAndSet(now) > 1_000_000_000L) {
            // On one line: JavaMail's exceptions spread their nested causes over several.
            String cause = e.getCause() != null ? " / " + e.getCause() : "";
            System.err.println(("SoakLoad: " + e + cause).replaceAll("\\s*\\R\\s*", " "));
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
