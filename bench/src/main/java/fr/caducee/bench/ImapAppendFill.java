package fr.caducee.bench;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.internet.MimeUtility;
import javax.net.ssl.SSLContext;

import fr.caducee.testkit.ClientTls;

/**
 * Fills a box's INBOX over IMAPS with {@code APPEND}, C connections in parallel, as fast as the server stores them,
 * so that mailbox-size measures ({@link ImapMailboxLatency}) start from a large mailbox without going through SMTP
 * and the spool. Messages are numbered from {@code --first}: one in {@value #MARKED} has {@value #SUBJECT_WORD} in
 * its subject, another one in {@value #MARKED} has {@value #TEXT_WORD} in its body only, and one in {@value #UNSEEN}
 * is left unseen (the others are appended with {@code \Seen}), so that searches have a known, selective answer.
 * Ends with one line of key=value pairs for scripts; exits 1 if any APPEND failed.
 *
 * <pre>
 *   java -cp "bench/target/caducee-bench.jar:bench/target/lib/*" fr.caducee.bench.ImapAppendFill \
 *       --port 993 --ca data/pki/dev-root-ca.pem --user box@example.org --password PW --messages 1000 [--first 1]
 * </pre>
 */
public final class ImapAppendFill {
    static final String USAGE = "usage: ImapAppendFill [--host localhost] --port PORT --ca CA.pem --user ADDR --password PW"
        + " --messages N [--first 1] [--connections 8] [--size 4096]";
    static final String SUBJECT_WORD = "scanner";
    static final String TEXT_WORD = "ferritine";
    static final int MARKED = 100;
    static final int UNSEEN = 10;

    private ImapAppendFill() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine line;
        try {
            line = CommandLine.parse(args, "host", "port", "ca", "user", "password", "messages", "first", "connections",
                "size");
            for (String required : List.of("ca", "user", "password")) {
                line.text(required, null);
            }
            line.positive("port", null);
            line.positive("messages", null);
            for (String optional : List.of("first", "connections", "size")) {
                line.positive(optional, 1);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("ImapAppendFill: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        String host = line.text("host", "localhost");
        int port = line.positive("port", null);
        Path ca = line.path("ca");
        String user = line.text("user", null);
        String password = line.text("password", null);
        int messages = line.positive("messages", null);
        int first = line.positive("first", 1);
        int connections = line.positive("connections", 8);
        int size = line.positive("size", 4096);
        SSLContext tls = ClientTls.trusting(ca);
        String body = BenchMessage.body(size);

        AtomicInteger next = new AtomicInteger(first);
        int end = first + messages;
        LatencyRecorder latencies = new LatencyRecorder(messages);
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<String>> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            workers.add(pool.submit(() -> {
                try (ImapConnection connection = ImapConnection.open(host, port, tls, 600_000)) {
                    connection.login(user, password);
                    for (int n = next.getAndIncrement(); n < end; n = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        connection.append("INBOX", n % UNSEEN == 0 ? "" : "\\Seen", message(n, user, body));
                        latencies.record(System.nanoTime() - t0);
                    }
                    connection.logout();
                    return null;
                } catch (IOException | RuntimeException e) {
                    return e.toString();
                }
            }));
        }
        for (Future<String> worker : workers) {
            String error = worker.get();
            if (error != null) {
                System.err.println("connection stopped: " + error);
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        int appended = latencies.count();
        LatencyRecorder.Summary latency = latencies.summary();
        System.out.printf(Locale.ROOT, "Appended %d messages (%d to %d) to %s's INBOX over %d connections in %.1f s: %.1f/s%n",
            appended, first, end - 1, user, connections, elapsed, appended / elapsed);
        System.out.printf(Locale.ROOT, "appended=%d failed=%d elapsed_s=%.1f msg_per_s=%.1f p50_ms=%.1f p99_ms=%.1f%n",
            appended, messages - appended, elapsed, appended / elapsed, latency.p50Millis(), latency.p99Millis());
        System.exit(appended == messages ? 0 : 1);
    }

    /** Message number {@code n}: a lab result most of the time, a scanner report one time in {@value #MARKED}. */
    static byte[] message(int n, String to, String body) throws UnsupportedEncodingException {
        String subject = n % MARKED == 7 ? "Compte rendu " + SUBJECT_WORD + " thoracique n° " + n
            : "Résultats d'analyse n° " + n;
        String text = n % MARKED == 42 ? "Dosage de la " + TEXT_WORD + " à contrôler.\n" + body : body;
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        return ("From: laboratoire@bench.localhost\r\n"
            + "To: " + to + "\r\n"
            + "Subject: " + MimeUtility.encodeText(subject, "UTF-8", "Q") + "\r\n"
            + "Date: " + date + "\r\n"
            + "Message-ID: <fill-" + n + "-" + System.nanoTime() + "@bench.localhost>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "\r\n"
            + text.replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8);
    }
}
