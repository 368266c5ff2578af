package fr.caducee.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One IMAP connection over implicit TLS (IMAPS), the server's name checked against its certificate as a mail client
 * does. Commands are tagged in turn; an answer's literals ({@code {n}} then n bytes, e.g. a message body) are read
 * as bytes and left out of the lines returned, so that any answer can be read to its end.
 */
final class ImapConnection implements AutoCloseable {
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\+?}$");

    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;
    /** Read-ahead of our own: byte by byte through a synchronised stream would slow the reading of large answers. */
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private int tags;

    private ImapConnection(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects, completes the TLS handshake and reads the greeting; reads then time out after {@code timeoutMillis}. */
    static ImapConnection open(String host, int port, SSLContext tls, int timeoutMillis) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(host, port);
        try {
            socket.setSoTimeout(timeoutMillis);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setServerNames(List.of(new SNIHostName(host)));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            ImapConnection connection = new ImapConnection(socket);
            String greeting = connection.readLine();
            if (greeting == null || !greeting.startsWith("* OK")) {
                throw new IOException("greeting " + greeting);
            }
            return connection;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    void login(String user, String password) throws IOException {
        command("LOGIN " + quoted(user) + " " + quoted(password));
    }

    /**
     * {@code AUTHENTICATE OAUTHBEARER} (RFC 7628) with its initial response (SASL-IR): the box as authorisation
     * identity, as curl sends it. On failure the server sends its error as a continuation; the client answers with
     * the dummy {@code \x01} and the server ends with NO.
     */
    void authenticateOauthBearer(String box, String token) throws IOException {
        String response = "n,a=" + box.replace("=", "=3D").replace(",", "=2C") + ",\u0001auth=Bearer " + token
            + "\u0001\u0001";
        String tag = nextTag();
        send(tag + " AUTHENTICATE OAUTHBEARER " + Base64.getEncoder().encodeToString(
            response.getBytes(StandardCharsets.UTF_8)) + "\r\n");
        for (String line = readLine(); line != null; line = readLine()) {
            if (line.startsWith("+")) {
                send(Base64.getEncoder().encodeToString(new byte[] {1}) + "\r\n");
            } else if (line.startsWith(tag + " ")) {
                if (!line.startsWith(tag + " OK")) {
                    throw new IOException(line);
                }
                return;
            }
        }
        throw new IOException("connection closed before " + tag + " completed");
    }

    /** Sends {@code command} and reads its answer to the tagged completion; returns the untagged lines unless it failed. */
    List<String> command(String command) throws IOException {
        String tag = nextTag();
        send(tag + " " + command + "\r\n");
        return completion(tag);
    }

    /** APPEND of one message: the literal is sent once the server invites it (a synchronising literal). */
    void append(String mailbox, String flags, byte[] message) throws IOException {
        String tag = nextTag();
        send(tag + " APPEND " + mailbox + (flags.isEmpty() ? "" : " (" + flags + ")") + " {" + message.length + "}\r\n");
        String invitation = readLine();
        if (invitation == null || !invitation.startsWith("+")) {
            throw new IOException("APPEND not invited: " + invitation);
        }
        out.write(message);
        send("\r\n");
        completion(tag);
    }

    /** LOGOUT; the server may close right after its untagged BYE, which is fine. */
    void logout() throws IOException {
        String tag = nextTag();
        send(tag + " LOGOUT\r\n");
        for (String line = readLine(); line != null && !line.startsWith(tag + " "); line = readLine()) {
            // untagged BYE
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private String nextTag() {
        return "t" + ++tags;
    }

    private List<String> completion(String tag) throws IOException {
        List<String> untagged = new ArrayList<>();
        for (String line = readLine(); line != null; line = readLine()) {
            if (line.startsWith(tag + " ")) {
                if (!line.startsWith(tag + " OK")) {
                    throw new IOException(line);
                }
                return untagged;
            }
            untagged.add(line);
        }
        throw new IOException("connection closed before " + tag + " completed");
    }

    private void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One response line, its literals skipped; null at the end of the stream. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            String part = readRawLine();
            if (part == null) {
                return line.length() == 0 ? null : line.toString();
            }
            line.append(part);
            Matcher literal = LITERAL.matcher(part);
            if (!literal.find()) {
                return line.toString();
            }
            skip(Long.parseLong(literal.group(1)));
        }
    }

    private String readRawLine() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        while (true) {
            if (position == limit && !fill()) {
                return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.UTF_8);
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            bytes.write(buffer, start, position - start);
            if (position < limit) {
                position++;
                String line = bytes.toString(StandardCharsets.UTF_8);
                return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            }
        }
    }

    private void skip(long count) throws IOException {
        long left = count;
        while (left > 0) {
            if (position == limit && !fill()) {
                throw new IOException("connection closed inside a literal");
            }
            int taken = (int) Math.min(left, limit - position);
            position += taken;
            left -= taken;
        }
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer);
        position = 0;
        limit = Math.max(read, 0);
        return read > 0;
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
