package fr.caducee.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.mail.FetchProfile;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;

import fr.caducee.testkit.ClientTls;

/**
 * The crash test's verdict, read over IMAPS: waits until the recipient's INBOX holds at least every acknowledged
 * message and has stopped growing, then reads every message's Message-ID and compares with what {@link CrashLoad}
 * recorded. Lost: acknowledged with a {@code 250}, absent. Duplicated: present more than once. Delivered without an
 * answer: the server died after storing it, before the client read its {@code 250} (the client would send it again).
 * Ends with one line of key=value pairs and, for lost and duplicated messages, their numbers; exits 1 if one is lost.
 *
 * <pre>
 *   java -cp "bench/target/caducee-bench.jar:bench/target/lib/*" fr.caducee.bench.CrashCheck --imaps-port 993 \
 *       --ca ca.pem --user b@x --password pw --acked acked.txt --unanswered unanswered.txt [--timeout 600]
 * </pre>
 */
public final class CrashCheck {
    static final String USAGE = "usage: CrashCheck [--host localhost] --imaps-port P --ca CA.pem --user ADDR --password PW"
        + " --acked FILE --unanswered FILE [--timeout 600] [--settle 15]";
    private static final Pattern CRASH_ID = Pattern.compile("<crash-(\\d+)@");

    private CrashCheck() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parseOrExit(USAGE, args, new String[] {"host", "imaps-port", "ca", "user",
            "password", "acked", "unanswered", "timeout", "settle"}, "imaps-port", "ca", "user", "password", "acked",
            "unanswered");
        Set<Long> acked = numbers(line.path("acked"));
        Set<Long> unanswered = numbers(line.path("unanswered"));
        Store store = Session.getInstance(MailSessions.imaps(line.text("host", "localhost"),
            ClientTls.trusting(line.path("ca")))).getStore("imaps");
        store.connect(line.text("host", "localhost"), line.positive("imaps-port", null), line.text("user", null),
            line.text("password", null));
        try {
            Folder inbox = store.getFolder("INBOX");
            long waited = settle(inbox, acked.size(), line.positive("timeout", 600), line.positive("settle", 15));
            Map<Long, Integer> copies = copies(inbox);
            report(acked, unanswered, copies, waited);
            System.exit(acked.stream().allMatch(copies::containsKey) ? 0 : 1);
        } finally {
            store.close();
        }
    }

    /**
     * Waits until the INBOX holds at least {@code expected} messages and its count has not changed for
     * {@code settleSeconds}, or {@code timeoutSeconds} have passed; returns the seconds waited.
     */
    private static long settle(Folder inbox, int expected, int timeoutSeconds, int settleSeconds)
            throws MessagingException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeoutSeconds * 1_000_000_000L;
        int last = -1;
        long lastChange = start;
        while (System.nanoTime() < deadline) {
            int count = inbox.getMessageCount(); // a STATUS on the closed folder: always fresh
            long now = System.nanoTime();
            if (count != last) {
                last = count;
                lastChange = now;
            } else if (count >= expected && now - lastChange >= settleSeconds * 1_000_000_000L) {
                break;
            }
            Thread.sleep(500);
        }
        return (System.nanoTime() - start) / 1_000_000_000L;
    }

    private static Map<Long, Integer> copies(Folder inbox) throws MessagingException {
        inbox.open(Folder.READ_ONLY);
        try {
            Message[] messages = inbox.getMessages();
            FetchProfile profile = new FetchProfile();
            profile.add("Message-ID");
            inbox.fetch(messages, profile);
            Map<Long, Integer> copies = new HashMap<>();
            for (Message message : messages) {
                String[] ids = message.getHeader("Message-ID");
                Matcher matcher = ids == null ? null : CRASH_ID.matcher(ids[0]);
                if (matcher != null && matcher.find()) {
                    copies.merge(Long.parseLong(matcher.group(1)), 1, Integer::sum);
                }
            }
            return copies;
        } finally {
            inbox.close(false);
        }
    }

    private static void report(Set<Long> acked, Set<Long> unanswered, Map<Long, Integer> copies, long waited) {
        Set<Long> lost = acked.stream().filter(n -> !copies.containsKey(n)).collect(Collectors.toCollection(TreeSet::new));
        Set<Long> duplicated = copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
            .collect(Collectors.toCollection(TreeSet::new));
        long deliveredUnanswered = unanswered.stream().filter(copies::containsKey).count();
        long extraCopies = copies.values().stream().mapToInt(c -> c - 1).sum();
        System.out.printf(Locale.ROOT, "acked=%d present=%d lost=%d duplicated=%d extra_copies=%d unanswered=%d "
                + "unanswered_delivered=%d waited_s=%d%n", acked.size(), copies.size(), lost.size(), duplicated.size(),
            extraCopies, unanswered.size(), deliveredUnanswered, waited);
        System.out.println("lost: " + lost);
        System.out.println("duplicated: " + duplicated);
    }

    private static Set<Long> numbers(Path file) throws java.io.IOException {
        List<String> lines = Files.readAllLines(file);
        return lines.stream().filter(l -> !l.isBlank()).map(l -> Long.parseLong(l.trim()))
            .collect(Collectors.toCollection(TreeSet::new));
    }
}
