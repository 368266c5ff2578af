package fr.caducee.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A line-level IMAPS client for tests that must see the server's exact answers (login, SASL delegation). */
public final class ImapDialogue implements AutoCloseable {
    private final SSLSocket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private int tag;

    private ImapDialogue(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
        String greeting = in.readLine();
        if (greeting == null || !greeting.startsWith("* OK")) {
            throw new IOException("unexpected IMAP greeting: " + greeting);
        }
    }

    public static ImapDialogue connect(CaduceeProcess server) throws Exception {
        return connect(server, TestClients.trustingServer(server));
    }

    /** IMAPS with a TLS context of the test's own: one that shows a client certificate, for SASL EXTERNAL. */
    public static ImapDialogue connect(CaduceeProcess server, SSLContext context) throws Exception {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.ports().imaps()), 5_000);
        socket.setSoTimeout(30_000);
        socket.startHandshake();
        return new ImapDialogue(socket);
    }

    /** Sends a tagged command; returns every line up to and including the tagged status line. */
    public List<String> command(String command) throws IOException {
        List<String> lines = exchange(command);
        if (lines.isEmpty() || !lines.get(lines.size() - 1).startsWith("a" + tag + " ")) {
            throw new IOException("connection closed after " + lines);
        }
        return lines;
    }

    /**
     * LOGOUT, and the lines that came back before the server closed the connection: James 3.8.1 may close it before
     * its {@code * BYE} and tagged {@code OK} are written (docs/JAMES-NOTES.md), so none may come at all. A {@code NO}
     * or {@code BAD} would still show.
     */
    public List<String> logout() throws IOException {
        return exchange("LOGOUT");
    }

    /** Sends a tagged command; returns the lines up to its tagged status line, or up to the connection's end. */
    private List<String> exchange(String command) throws IOException {
        String t = "a" + (++tag);
        out.write((t + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        List<String> lines = new ArrayList<>();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lines.add(line);
            if (line.startsWith(t + " ")) {
                break;
            }
        }
        return lines;
    }

    /**
     * APPENDs a message to a mailbox with a synchronising literal; returns every line up to and including the tagged
     * status line.
     */
    public List<String> append(String mailbox, String message) throws IOException {
        byte[] content = message.getBytes(StandardCharsets.UTF_8);
        String t = "a" + (++tag);
        out.write((t + " APPEND \"" + mailbox + "\" {" + content.length + "}\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        List<String> lines = new ArrayList<>();
        String invitation = in.readLine();
        if (invitation == null || !invitation.startsWith("+")) {
            lines.add(String.valueOf(invitation));
            return lines;
        }
        out.write(content);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lines.add(line);
            if (line.startsWith(t + " ")) {
                break;
            }
        }
        return lines;
    }

    /** Writes bytes as they are, for tests that must send what a well-behaved client never would. */
    public void writeRaw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next line from the server, or null when it closed the connection. */
    public String readLine() throws IOException {
        return in.readLine();
    }

    /** The tagged status of the last command: OK, NO or BAD followed by its text. */
    public static String status(List<String> lines) {
        String last = lines.get(lines.size() - 1);
        return last.substring(last.indexOf(' ') + 1);
    }

    public String login(String user, String password) throws IOException {
        return status(command("LOGIN \"" + user + "\" \"" + password + "\""));
    }

    /** SASL PLAIN with an authorisation identity (RFC 4616): log in as {@code user}, open {@code box}. */
    public String authenticateAs(String box, String user, String password) throws IOException {
        String response = Base64.getEncoder().encodeToString(
            (box + "\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        return status(command("AUTHENTICATE PLAIN " + response));
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test connection
        }
    }
}
