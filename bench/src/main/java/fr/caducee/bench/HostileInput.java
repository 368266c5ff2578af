package fr.caducee.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import fr.caducee.testkit.ClientTls;

/**
 * Plays every case of hostile-input corpus folders against a running server over real sockets with TLS and prints,
 * per case, what the server answered, whether it is still up afterwards (a new submission session gets its EHLO
 * answered and a new IMAPS session its greeting) and its resident memory. A case's answer is summarised as the
 * distinct replies and their counts. {@code NAME.eml} is the DATA of a submission; {@code NAME.smtp} is written
 * after AUTH on submission; {@code NAME.imap} after LOGIN and SELECT INBOX over IMAPS (see {@link HostileCorpus}).
 * Prints one tab-separated line per case: name, answer, verdict, RSS MB; exits 1 if a case failed: the server down,
 * a stack trace or Java exception name in an answer, or a refusal of a message without an enhanced status code.
 */
public final class HostileInput {
    static final String USAGE = "usage: HostileInput [--host localhost] --submission-port P --imaps-port P --ca CA.pem"
        + " --domain D --password PW --pid SERVER_PID --corpus DIR [--corpus2 DIR]";
    private static final int QUIET_MILLIS = 5000;
    private static final Pattern REPLY = Pattern.compile("^(\\d{3})[ -](\\d\\.\\d{1,3}\\.\\d{1,3})?");

    private final CommandLine line;
    private final SSLContext tls;
    private final String domain;

    private HostileInput(CommandLine line) throws Exception {
        this.line = line;
        this.tls = ClientTls.trusting(line.path("ca"));
        this.domain = line.text("domain", null);
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parseOrExit(USAGE, args, new String[] {"host", "submission-port", "imaps-port",
            "ca", "domain", "password", "pid", "corpus", "corpus2"}, "submission-port", "imaps-port", "ca", "domain",
            "password", "pid", "corpus");
        System.exit(new HostileInput(line).run() ? 0 : 1);
    }

    private boolean run() throws Exception {
        List<Path> cases = new ArrayList<>();
        for (String folder : new String[] {line.text("corpus", null), line.text("corpus2", "")}) {
            if (!folder.isEmpty()) {
                try (Stream<Path> files = Files.list(Path.of(folder))) {
                    files.filter(Files::isRegularFile).forEach(cases::add);
                }
            }
        }
        cases.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        boolean allClean = true;
        for (Path file : cases) {
            String name = file.getFileName().toString();
            byte[] bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                .replace("@DOMAIN@", domain).getBytes(StandardCharsets.ISO_8859_1);
            String answer;
            try {
                if (name.endsWith(".eml")) {
                    answer = submit(bytes);
                } else if (name.endsWith(".smtp")) {
                    answer = smtpAbuse(bytes);
                } else if (name.endsWith(".imap")) {
                    answer = imapAbuse(bytes);
                } else {
                    continue;
                }
            } catch (IOException e) {
                answer = "connection failed: " + e.getMessage();
            }
            String verdict = verdict(name, answer);
            allClean &= verdict.equals("clean");
            System.out.printf(Locale.ROOT, "%s\t%s\t%s\t%d%n", name.replaceFirst("\\.[a-z]+$", ""), answer, verdict, rssMegabytes());
        }
        // What was accepted must be readable: every message's structure and envelope over IMAP.
        String readBack;
        try {
            readBack = readBack();
        } catch (IOException e) {
            readBack = "connection failed: " + e.getMessage();
        }
        boolean read = readBack.startsWith("R2 OK");
        allClean &= read;
        System.out.printf(Locale.ROOT, "%s\t%s\t%s\t%d%n", "imap-fetch-every-accepted-message", readBack,
            read && alive() ? "clean" : "not readable", rssMegabytes());
        return allClean;
    }

    /** SELECT INBOX, then FETCH 1:* (BODYSTRUCTURE ENVELOPE FLAGS): the tagged answer to the FETCH. */
    private String readBack() throws IOException {
        try (Socket socket = imaps()) {
            Conversation imap = new Conversation(socket);
            imap.reply();
            imap.command("L1 LOGIN recipient@" + domain + " \"" + line.text("password", null) + "\"");
            imap.write("R1 SELECT INBOX\r\n".getBytes(StandardCharsets.US_ASCII));
            for (String select = imap.reply(); !select.isEmpty() && !select.startsWith("R1 "); select = imap.reply()) {
                // untagged SELECT data
            }
            imap.write("R2 FETCH 1:* (BODYSTRUCTURE ENVELOPE FLAGS)\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer;
            do {
                answer = imap.reply();
            } while (!answer.isEmpty() && !answer.startsWith("R2 "));
            return answer.isEmpty() ? "connection closed by the server" : answer;
        }
    }

    private String verdict(String name, String answer) {
        if (!alive()) {
            return "server down";
        }
        if (answer.matches("(?s).*(Exception|\\tat |\\bat [a-z]+\\.[a-z]+\\.).*")) {
            return "stack trace in the answer";
        }
        if (name.endsWith(".eml")) {
            boolean refused = false;
            for (String reply : answer.split("; ")) {
                Matcher code = REPLY.matcher(reply);
                if (!code.find()) {
                    continue;
                }
                if (!code.group(1).startsWith("2") && code.group(2) == null) {
                    return "refusal without an enhanced status code";
                }
                if (refused && code.group(1).startsWith("2")) {
                    return "accepted after refusing part of it";
                }
                refused |= !code.group(1).startsWith("2");
            }
        }
        return "clean";
    }

    // ---------------------------------------------------------------------------------------------------------------
    // SMTP

    /** One message as the DATA of a submission: the server's answer to the final dot. */
    private String submit(byte[] message) throws IOException {
        try (Socket socket = submission()) {
            Conversation smtp = new Conversation(socket);
            smtp.command("MAIL FROM:<sender@" + domain + ">");
            smtp.command("RCPT TO:<recipient@" + domain + ">");
            String go = smtp.command("DATA");
            if (!go.startsWith("354")) {
                return "DATA answered " + go;
            }
            // Every answer from here on: a server that refused a line in the middle of DATA must not then accept
            // the rest as a message.
            byte[] stuffed = dotStuffed(message);
            byte[] end = "\r\n.\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] data = java.util.Arrays.copyOf(stuffed, stuffed.length + end.length);
            System.arraycopy(end, 0, data, stuffed.length, end.length);
            return summary(smtp.writeAndCollect(data), l -> l.length() < 4 || l.charAt(3) != '-', l -> l);
        }
    }

    private String smtpAbuse(byte[] bytes) throws IOException {
        try (Socket socket = submission()) {
            Conversation smtp = new Conversation(socket);
            List<String> lines = smtp.writeAndCollect(bytes);
            return summary(lines, l -> l.length() < 4 || l.charAt(3) != '-', l -> l);
        }
    }

    /** A submission session over STARTTLS, authenticated as the sender. */
    private Socket submission() throws IOException {
        Socket plain = new Socket(line.text("host", "localhost"), line.positive("submission-port", null));
        plain.setSoTimeout(60_000);
        Conversation greeting = new Conversation(plain);
        greeting.reply();
        greeting.command("EHLO hostile.localhost");
        String starttls = greeting.command("STARTTLS");
        if (!starttls.startsWith("220")) {
            throw new IOException("STARTTLS answered " + starttls);
        }
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, line.text("host", "localhost"),
            plain.getPort(), true);
        socket.startHandshake();
        Conversation smtp = new Conversation(socket);
        smtp.command("EHLO hostile.localhost");
        String credentials = Base64.getEncoder().encodeToString(("\0sender@" + domain + "\0" + line.text("password", null))
            .getBytes(StandardCharsets.UTF_8));
        String auth = smtp.command("AUTH PLAIN " + credentials);
        if (!auth.startsWith("235")) {
            throw new IOException("AUTH answered " + auth);
        }
        return socket;
    }

    private static byte[] dotStuffed(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 64);
        boolean lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // IMAP

    private String imapAbuse(byte[] bytes) throws IOException {
        try (Socket socket = imaps()) {
            Conversation imap = new Conversation(socket);
            imap.reply();
            String login = imap.command("L1 LOGIN recipient@" + domain + " \"" + line.text("password", null) + "\"");
            if (!login.contains("L1 OK")) {
                return "LOGIN answered " + login;
            }
            imap.write("L2 SELECT INBOX\r\n".getBytes(StandardCharsets.US_ASCII));
            for (String select = imap.reply(); !select.isEmpty() && !select.startsWith("L2 "); select = imap.reply()) {
                // untagged SELECT data
            }
            List<String> lines = imap.writeAndCollect(bytes);
            // Tagged answers and continuation requests, the tag removed so that 10,000 NOOPs count as one answer.
            return summary(lines, l -> !l.startsWith("* "), l -> l.replaceFirst("^[A-Z]\\d+ ", ""));
        }
    }

    private Socket imaps() throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(line.text("host", "localhost"),
            line.positive("imaps-port", null));
        socket.setSoTimeout(60_000);
        socket.startHandshake();
        return socket;
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The server still serves: a new submission session gets its EHLO answered, a new IMAPS session its greeting. */
    private boolean alive() {
        try (Socket smtp = new Socket(line.text("host", "localhost"), line.positive("submission-port", null));
             Socket imap = imaps()) {
            smtp.setSoTimeout(30_000);
            Conversation submission = new Conversation(smtp);
            submission.reply();
            return submission.command("EHLO alive.localhost").startsWith("250") && new Conversation(imap).reply().startsWith("* OK");
        } catch (IOException e) {
            return false;
        }
    }

    /** "N × answer" for each distinct answer line kept, in order of first appearance; "connection closed" at the end if so. */
    private static String summary(List<String> lines, java.util.function.Predicate<String> keep,
            java.util.function.UnaryOperator<String> key) {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        for (String reply : lines) {
            if (reply.equals(Conversation.CLOSED)) {
                counts.merge("connection closed by the server", 1, Integer::sum);
            } else if (keep.test(reply)) {
                String shown = key.apply(reply);
                counts.merge(shown.length() > 160 ? shown.substring(0, 160) + "…" : shown, 1, Integer::sum);
            }
        }
        if (counts.isEmpty()) {
            return "no answer within " + QUIET_MILLIS / 1000 + " s, the connection kept open";
        }
        StringBuilder text = new StringBuilder();
        counts.forEach((answer, count) -> text.append(text.length() == 0 ? "" : "; ")
            .append(count > 1 ? count + " × " : "").append(answer));
        return text.toString();
    }

    private int rssMegabytes() {
        try {
            for (String status : Files.readAllLines(Path.of("/proc", Integer.toString(line.positive("pid", null)), "status"))) {
                if (status.startsWith("VmRSS:")) {
                    return Integer.parseInt(status.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process is gone: told by the verdict
        }
        return -1;
    }

    /** Line-oriented exchanges on one socket. */
    private static final class Conversation {
        static final String CLOSED = "\u0000closed";
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Conversation(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        String command(String command) throws IOException {
            write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            return reply();
        }

        /** An SMTP reply (its last line) or an IMAP line; "" if the connection closed. */
        String reply() throws IOException {
            String last;
            do {
                last = readLine();
            } while (last != null && last.length() > 3 && last.charAt(3) == '-' && Character.isDigit(last.charAt(0)));
            return last == null ? "" : last;
        }

        /**
         * Writes {@code bytes} from another thread (a flood must not block on a full socket while its answers wait
         * to be read) and collects every line until the server has said nothing for a while or closed.
         */
        List<String> writeAndCollect(byte[] bytes) throws IOException {
            Thread writer = new Thread(() -> {
                try {
                    write(bytes);
                } catch (IOException e) {
                    // the server closed the connection: read below
                }
            });
            writer.start();
            List<String> lines = new ArrayList<>();
            socket.setSoTimeout(QUIET_MILLIS);
            try {
                for (String next = readLine(); ; next = readLine()) {
                    if (next == null) {
                        lines.add(CLOSED);
                        break;
                    }
                    lines.add(next);
                }
            } catch (SocketTimeoutException quiet) {
                // nothing more to read
            } catch (IOException e) {
                lines.add(CLOSED);
            }
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return lines;
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream text = new ByteArrayOutputStream(128);
            for (int b = in.read(); b != -1; b = in.read()) {
                if (b == '\n') {
                    return text.toString(StandardCharsets.UTF_8).replaceFirst("\r$", "");
                }
                if (text.size() < 64 * 1024) {
                    text.write(b);
                }
            }
            return text.size() > 0 ? text.toString(StandardCharsets.UTF_8) : null;
        }
    }
}
