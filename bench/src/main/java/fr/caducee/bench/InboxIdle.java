package fr.caducee.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.internet.MimeUtility;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A box's INBOX watched over IMAPS with IDLE (RFC 2177), as a mail client waiting for new mail does: the server tells
 * of each new message ({@code * n EXISTS}) the moment it is stored, so the instant a message became readable is known
 * without polling (no polling interval to add to the latency, and no load of repeated commands on the server). At
 * each EXISTS the watch leaves IDLE, fetches the new messages' subjects and hands each to the listener with the
 * instant its EXISTS was read, then idles again.
 */
final class InboxIdle implements AutoCloseable {
    /** Told of each new message: its decoded subject, and {@link System#nanoTime()} when the server announced it. */
    interface Arrivals {
        void arrived(String box, String subject, long seenNanos);
    }

    private static final Pattern EXISTS = Pattern.compile("^\\* (\\d+) EXISTS$");
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)}$");

    private final String box;
    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Arrivals arrivals;
    private final Thread reader;
    private int tags;
    private int known;
    private int announced;
    private volatile boolean closing;
    private volatile Exception failure;

    private InboxIdle(String box, SSLSocket socket, Arrivals arrivals) throws IOException {
        this.box = box;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.arrivals = arrivals;
        this.reader = new Thread(this::watch, "idle-" + box);
        this.reader.setDaemon(true);
    }

    /** Logs in as {@code box}, selects its INBOX (what it holds already is not announced) and starts idling. */
    static InboxIdle open(SSLContext tls, String host, int port, String box, String password, Arrivals arrivals)
            throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(host, port);
        try {
            socket.setSoTimeout(60_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setServerNames(List.of(new SNIHostName(host)));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            InboxIdle watch = new InboxIdle(box, socket, arrivals);
            String greeting = watch.readLine();
            if (greeting == null || !greeting.startsWith("* OK")) {
                throw new IOException(box + ": greeting " + greeting);
            }
            watch.command("LOGIN " + quoted(box) + " " + quoted(password));
            watch.command("SELECT INBOX");
            watch.known = watch.announced;
            // IDLE waits for the server: no read timeout from now on (close() ends the wait).
            socket.setSoTimeout(0);
            watch.reader.start();
            return watch;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The first error that ended the watch, or null while it runs. */
    Exception failure() {
        return failure;
    }

    private void watch() {
        try {
            while (!closing) {
                String tag = nextTag();
                send(tag + " IDLE\r\n");
                String line = readLine();
                while (line != null && !line.startsWith("+")) {
                    note(line); // untagged data sent before the continuation
                    line = readLine();
                }
                if (line == null) {
                    throw new IOException(box + ": connection closed before IDLE started");
                }
                long seen = 0;
                while (seen == 0 && (line = readLine()) != null) {
                    if (note(line) && announced > known) {
                        seen = System.nanoTime();
                    }
                }
                if (line == null) {
                    throw new IOException(box + ": connection closed while idling");
                }
                send("DONE\r\n");
                completion(tag);
                fetchNew(seen);
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                failure = e;
            }
        }
    }

    /** Fetches the subjects of the messages announced since the last fetch, handing each over with {@code seen}. */
    private void fetchNew(long seen) throws IOException {
        while (announced > known) {
            int from = known + 1;
            int to = announced;
            String tag = nextTag();
            send(tag + " FETCH " + from + ":" + to + " (BODY.PEEK[HEADER.FIELDS (SUBJECT)])\r\n");
            List<String> subjects = new ArrayList<>();
            for (String line = readLine(); ; line = readLine()) {
                if (line == null) {
                    throw new IOException(box + ": connection closed during FETCH");
                }
                if (line.startsWith(tag + " ")) {
                    if (!line.startsWith(tag + " OK")) {
                        throw new IOException(box + ": " + line);
                    }
                    break;
                }
                Matcher literal = LITERAL.matcher(line);
                if (line.startsWith("* ") && line.contains(" FETCH ") && literal.find()) {
                    subjects.add(subject(readBytes(Integer.parseInt(literal.group(1)))));
                } else {
                    note(line);
                }
            }
            known = to;
            for (String subject : subjects) {
                arrivals.arrived(box, subject, seen);
            }
            // Messages announced during the FETCH were seen then: the next round gives them that instant.
            seen = System.nanoTime();
        }
    }

    /** Reads an untagged line; true when it announced a message count. */
    private boolean note(String line) {
        Matcher exists = EXISTS.matcher(line);
        if (exists.matches()) {
            announced = Math.max(announced, Integer.parseInt(exists.group(1)));
            return true;
        }
        return false;
    }

    /** "Subject: ..." header lines, unfolded and decoded (RFC 2047). */
    static String subject(byte[] header) {
        String text = new String(header, StandardCharsets.UTF_8).replaceAll("\r?\n[ \t]+", " ").strip();
        if (text.regionMatches(true, 0, "Subject:", 0, 8)) {
            text = text.substring(8).strip();
        }
        try {
            return MimeUtility.decodeText(text);
        } catch (UnsupportedEncodingException e) {
            return text;
        }
    }

    private void command(String command) throws IOException {
        String tag = nextTag();
        send(tag + " " + command + "\r\n");
        completion(tag);
    }

    private void completion(String tag) throws IOException {
        for (String line = readLine(); line != null; line = readLine()) {
            if (line.startsWith(tag + " ")) {
                if (!line.startsWith(tag + " OK")) {
                    throw new IOException(box + ": " + line);
                }
                return;
            }
            Matcher literal = LITERAL.matcher(line);
            if (literal.find()) {
                readBytes(Integer.parseInt(literal.group(1)));
            } else {
                note(line);
            }
        }
        throw new IOException(box + ": connection closed before " + tag + " completed");
    }

    private String nextTag() {
        return "w" + ++tags;
    }

    private void send(String text) throws IOException {
        synchronized (out) {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    private byte[] readBytes(int count) throws IOException {
        byte[] bytes = in.readNBytes(count);
        if (bytes.length < count) {
            throw new IOException(box + ": connection closed inside a literal");
        }
        return bytes;
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        closing = true;
        try {
            send("DONE\r\n");
        } catch (IOException e) {
            // closing anyway
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closed
        }
    }
}
