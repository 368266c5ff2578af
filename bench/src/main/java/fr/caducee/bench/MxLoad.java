package fr.caducee.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import fr.caducee.testkit.ClientTls;

/**
 * MX load generator: a peer operator delivering N messages over C parallel connections, each with STARTTLS and a
 * client certificate (mutual TLS), timing each transaction up to the server's 250. With {@code --per-connection 1}
 * every message opens a new connection and a full TLS handshake (sessions are never resumed); with more, a connection
 * carries that many messages in turn, as operators reuse connections. Every message goes to {@code --to}, or with
 * {@code --recipients} message n goes to line n of the file (in turn if it has fewer lines), so that a script knows
 * which box got what. With {@code --imaps-port} (and {@code --to}), then waits until the
 * recipient's INBOX (on whatever IMAP server the MX delivers to) holds every accepted message. With
 * {@code --recipients}, {@code --tally} keeps what each box was sent across loads, and {@code --watch} names the boxes
 * whose INBOX is polled over IMAPS until each holds what it was sent: a sample, since logging in to every box of a
 * large directory would load the server being measured (a script checks the others on the server's side). Ends with
 * one line of key=value pairs for scripts; exits 1 if any message was refused or never became readable.
 */
public final class MxLoad {
    static final String USAGE = """
        usage: MxLoad --port P --ca FILE --keystore FILE.p12 --secret FILE --from ADDR (--to ADDR | --recipients FILE) [options]
          --host NAME           server name, must match its certificate (default localhost)
          --keystore FILE.p12   the peer operator's key and certificate (PKCS12)
          --secret FILE         the file holding the keystore's password
          --messages N          messages to deliver (default 1000)
          --connections C       parallel connections (default 4)
          --per-connection K    messages per connection before QUIT and a new handshake (default 1)
          --size BYTES          body size of each message (default 4096)
          --recipients FILE     one address a line: message n goes to line n (in turn)
          --imaps-port P        then wait until the recipient's INBOX, over IMAPS on this port, holds every
                                accepted message
          --to-password PW      the recipient's password, required with --imaps-port
          --inbox-timeout S     give up waiting for the INBOX after S seconds (default 600)
          --tally FILE          with --recipients: lines "address count", what each box was sent by earlier loads
                                (a missing file: nothing); rewritten with this load's accepted messages added
          --watch FILE          with --recipients, --tally and --imaps-port: the boxes (one address a line, all
                                with the password --to-password) whose INBOX is polled until each holds its tally;
                                their sessions are opened before the load""";
    private static final Set<String> NAMES = Set.of("host", "port", "ca", "keystore", "secret", "from", "to", "recipients", "messages",
        "connections", "per-connection", "size", "imaps-port", "to-password", "inbox-timeout", "tally", "watch");

    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private MxLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String name = args[i].startsWith("--") ? args[i].substring(2) : null;
                if (name == null || !NAMES.contains(name) || i + 1 >= args.length) {
                    throw new IllegalArgumentException("unexpected argument " + args[i]);
                }
                options.put(name, args[++i]);
            }
            for (String required : List.of("port", "ca", "keystore", "secret", "from")) {
                if (!options.containsKey(required)) {
                    throw new IllegalArgumentException("--" + required + " is required");
                }
            }
            if (options.containsKey("to") == options.containsKey("recipients")) {
                throw new IllegalArgumentException("give either --to or --recipients");
            }
            if (options.containsKey("imaps-port") && (!options.containsKey("to-password")
                    || !(options.containsKey("to") || options.containsKey("watch")))) {
                throw new IllegalArgumentException("--to-password, and --to or --watch, are required with --imaps-port");
            }
            if (options.containsKey("watch") && !(options.containsKey("tally") && options.containsKey("imaps-port"))) {
                throw new IllegalArgumentException("--tally and --imaps-port are required with --watch");
            }
            if (options.containsKey("tally") && !options.containsKey("recipients")) {
                throw new IllegalArgumentException("--tally goes with --recipients");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("MxLoad: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        String host = options.getOrDefault("host", "localhost");
        int port = Integer.parseInt(options.get("port"));
        int messages = Integer.parseInt(options.getOrDefault("messages", "1000"));
        int connections = Integer.parseInt(options.getOrDefault("connections", "4"));
        int perConnection = Integer.parseInt(options.getOrDefault("per-connection", "1"));
        int size = Integer.parseInt(options.getOrDefault("size", "4096"));
        SSLContext tls = ClientTls.presenting(Path.of(options.get("keystore")), Path.of(options.get("secret")),
            Path.of(options.get("ca")));
        String body = body(size);
        List<String> recipients = options.containsKey("to") ? List.of(options.get("to"))
            : Files.readAllLines(Path.of(options.get("recipients"))).stream().map(String::strip)
                .filter(address -> !address.isEmpty()).toList();
        if (recipients.isEmpty()) {
            System.err.println("MxLoad: no address in " + options.get("recipients"));
            System.exit(2);
        }
        boolean watchSample = options.containsKey("watch");
        boolean watch = options.containsKey("imaps-port") && !watchSample;
        Tally tally = options.containsKey("tally") ? Tally.read(Path.of(options.get("tally"))) : null;
        SampleWatch sample = watchSample ? SampleWatch.open(ClientTls.trusting(Path.of(options.get("ca"))), host,
            Integer.parseInt(options.get("imaps-port")), Files.readAllLines(Path.of(options.get("watch"))),
            options.get("to-password")) : null;
        // Mail already there (a warm-up, an earlier load) must not count towards this load's deliveries. The IMAP
        // session is not kept open during the load: a server may close it as idle.
        int inboxBefore = 0;
        if (watch) {
            try (InboxWatch inbox = inbox(options, host)) {
                inboxBefore = inbox.count();
            }
        }

        AtomicInteger next = new AtomicInteger();
        LatencyRecorder latencies = new LatencyRecorder(messages);
        Tally sent = new Tally();
        List<Callable<int[]>> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            workers.add(() -> deliver(host, port, tls, options.get("from"), recipients, body, perConnection,
                messages, next, latencies, sent));
        }
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long startEpochMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        List<Future<int[]>> results = pool.invokeAll(workers);
        long end = System.nanoTime();
        pool.shutdown();
        int accepted = 0;
        int handshakes = 0;
        for (Future<int[]> result : results) {
            try {
                accepted += result.get()[0];
                handshakes += result.get()[1];
            } catch (java.util.concurrent.ExecutionException e) {
                System.err.println("worker stopped: " + e.getCause());
            }
        }
        double inboxSeconds = Double.NaN;
        int readable = 0;
        if (watch) {
            try (InboxWatch inbox = inbox(options, host)) {
                int timeout = Integer.parseInt(options.getOrDefault("inbox-timeout", "600"));
                long visible = inbox.awaitCount(inboxBefore + accepted, TimeUnit.SECONDS.toNanos(timeout));
                readable = inbox.count() - inboxBefore;
                if (visible > 0) {
                    inboxSeconds = (visible - start) / 1e9;
                } else {
                    System.err.printf(Locale.ROOT, "INBOX holds %d of the %d accepted messages after %d s%n",
                        readable, accepted, timeout);
                }
            }
        }
        if (tally != null) {
            tally.add(sent);
            tally.write(Path.of(options.get("tally")));
        }
        if (watchSample) {
            try (sample) {
                int timeout = Integer.parseInt(options.getOrDefault("inbox-timeout", "600"));
                long visible = sample.awaitTally(tally, TimeUnit.SECONDS.toNanos(timeout));
                readable = sample.readable(tally);
                if (visible > 0) {
                    inboxSeconds = (visible - start) / 1e9;
                } else {
                    System.err.printf(Locale.ROOT, "the watched INBOXes hold %d of the %d messages sent to them after %d s%n",
                        readable, sample.expected(tally), timeout);
                }
            }
        }
        double elapsed = (end - start) / 1e9;
        LatencyRecorder.Summary latency = latencies.summary();
        System.out.printf(Locale.ROOT, "Delivered %d messages of %d bytes over %d connections, %d per connection, to %s:%d%n",
            messages, size, connections, perConnection, host, port);
        if (recipients.size() > 1) {
            System.out.printf(Locale.ROOT, "  recipients  %d addresses of %s%n", recipients.size(), options.get("recipients"));
        }
        System.out.printf(Locale.ROOT, "  accepted    %d (%d failed), %d TLS handshakes%n", accepted, messages - accepted, handshakes);
        System.out.printf(Locale.ROOT, "  elapsed     %.2f s, %.1f messages/s accepted%n", elapsed, accepted / elapsed);
        System.out.printf(Locale.ROOT, "  latency     p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
            latency.p50Millis(), latency.p99Millis(), latency.maxMillis());
        if (watch || watchSample) {
            System.out.println(Double.isNaN(inboxSeconds)
                ? String.format(Locale.ROOT, "  INBOX       incomplete: %d of %d", readable, accepted)
                : String.format(Locale.ROOT, "  INBOX       all readable %.2f s after the first transaction", inboxSeconds));
        }
        System.out.printf(Locale.ROOT, "messages=%d accepted=%d failed=%d handshakes=%d connections=%d per_connection=%d "
                + "size=%d elapsed_s=%.3f msg_per_s=%.1f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f readable=%s "
                + "inbox_visible_s=%s start_epoch_ms=%d%n",
            messages, accepted, messages - accepted, handshakes, connections, perConnection, size, elapsed,
            accepted / elapsed, latency.p50Millis(), latency.p99Millis(), latency.maxMillis(),
            watch || watchSample ? String.valueOf(readable) : "NA",
            Double.isNaN(inboxSeconds) ? "NA" : String.format(Locale.ROOT, "%.3f", inboxSeconds), startEpochMillis);
        System.exit(accepted == messages && (!(watch || watchSample) || !Double.isNaN(inboxSeconds)) ? 0 : 1);
    }

    private static InboxWatch inbox(Map<String, String> options, String host) throws Exception {
        return InboxWatch.open(ClientTls.trusting(Path.of(options.get("ca"))), host,
            Integer.parseInt(options.get("imaps-port")), options.get("to"), options.get("to-password"));
    }

    /**
     * Exactly {@code bytes} of ASCII text in lines of 78 bytes with their CRLF, as SMTP wants them (none longer than
     * 998, none starting with a dot), the last line cut short; the DATA terminator's CRLF is not counted.
     */
    static String body(int bytes) {
        StringBuilder text = new StringBuilder(bytes + 80);
        for (int line = 1; text.length() < bytes; line++) {
            String start = String.format(Locale.ROOT, "Compte rendu de bench, ligne %06d : ", line);
            text.append(start).append("x".repeat(76 - start.length())).append("\r\n");
        }
        text.setLength(bytes);
        // A cut between CR and LF would leave a bare CR.
        if (text.charAt(bytes - 1) == '\r') {
            text.setCharAt(bytes - 1, 'x');
        }
        return text.toString();
    }

    /** One worker: takes message numbers until none is left; returns {accepted, handshakes}. */
    private static int[] deliver(String host, int port, SSLContext tls, String from, List<String> recipients, String body,
                                 int perConnection, int messages, AtomicInteger next, LatencyRecorder latencies,
                                 Tally tally) throws IOException {
        int accepted = 0;
        int handshakes = 0;
        int number;
        while ((number = next.getAndIncrement()) < messages) {
            try (Session session = Session.open(host, port, tls)) {
                handshakes++;
                for (int sent = 1; ; sent++) {
                    String to = recipients.get(number % recipients.size());
                    long t0 = System.nanoTime();
                    session.expect("MAIL FROM:<" + from + ">", 250);
                    session.expect("RCPT TO:<" + to + ">", 250);
                    session.expect("DATA", 354);
                    session.write("From: " + from + "\r\nTo: " + to + "\r\nSubject: MX bench " + number
                        + "\r\nDate: " + DATE.format(ZonedDateTime.now())
                        + "\r\nMessage-ID: <mx-bench-" + number + "-" + t0 + "@bench.localhost>\r\n\r\n" + body + "\r\n");
                    session.expect(".", 250);
                    latencies.record(System.nanoTime() - t0);
                    tally.add(to, 1);
                    accepted++;
                    if (sent == perConnection || (number = next.getAndIncrement()) >= messages) {
                        break;
                    }
                }
                session.quit();
            }
        }
        return new int[] {accepted, handshakes};
    }

    /** One SMTP connection upgraded with STARTTLS. */
    private static final class Session implements AutoCloseable {
        private final SSLSocket socket;
        private final BufferedReader in;
        private final OutputStream out;

        private Session(SSLSocket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            this.out = socket.getOutputStream();
        }

        static Session open(String host, int port, SSLContext tls) throws IOException {
            Socket plain = new Socket();
            plain.connect(new InetSocketAddress(host, port), 10_000);
            plain.setSoTimeout(120_000);
            BufferedReader plainIn = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream plainOut = plain.getOutputStream();
            reply(plainIn, 220);
            command(plainOut, "EHLO mx.peer-operator.localhost");
            reply(plainIn, 250);
            command(plainOut, "STARTTLS");
            reply(plainIn, 220);
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
            socket.startHandshake();
            // Never resumed: every connection pays a full handshake, as a new peer connection does.
            socket.getSession().invalidate();
            Session session = new Session(socket);
            session.expect("EHLO mx.peer-operator.localhost", 250);
            return session;
        }

        void expect(String line, int code) throws IOException {
            command(out, line);
            reply(in, code);
        }

        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }

        void quit() throws IOException {
            command(out, "QUIT");
            reply(in, 221);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }

        private static void command(OutputStream out, String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        private static void reply(BufferedReader in, int expected) throws IOException {
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    throw new IOException("connection closed, expecting " + expected);
                }
            } while (line.length() > 3 && line.charAt(3) == '-');
            if (!line.startsWith(String.valueOf(expected))) {
                throw new IOException("expected " + expected + ", got: " + line);
            }
        }
    }
}
