package fr.caducee.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A line-level SMTP client for tests that must see the server's exact replies (codes, EHLO keywords, behaviour on
 * abuse), which a mail library would hide.
 */
public final class SmtpDialogue implements AutoCloseable {
    private Socket socket;
    private BufferedReader in;
    private OutputStream out;
    private final Reply greeting;

    public record Reply(int code, List<String> lines) {
        public String text() {
            return String.join("\n", lines);
        }

        public boolean hasKeyword(String keyword) {
            return lines.stream().anyMatch(line -> line.substring(4).toUpperCase().startsWith(keyword));
        }

        @Override
        public String toString() {
            return text();
        }
    }

    private SmtpDialogue(Socket socket) throws IOException {
        attach(socket);
        this.greeting = read();
    }

    public static SmtpDialogue connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(30_000);
        return new SmtpDialogue(socket);
    }

    /** Implicit TLS (submissions): the handshake happens before the greeting. */
    public static SmtpDialogue connectTls(int port, SSLContext context) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(30_000);
        socket.startHandshake();
        return new SmtpDialogue(socket);
    }

    /** The submission port after STARTTLS, not logged in. */
    public static SmtpDialogue securedSubmission(CaduceeProcess server) throws Exception {
        SmtpDialogue smtp = connect(server.ports().submission());
        smtp.send("EHLO poste.caducee.localhost");
        smtp.startTls(TestClients.trustingServer(server));
        smtp.send("EHLO poste.caducee.localhost");
        return smtp;
    }

    /** The submission port after STARTTLS and a successful AUTH PLAIN. */
    public static SmtpDialogue authenticatedSubmission(CaduceeProcess server, String login, String password) throws Exception {
        SmtpDialogue smtp = securedSubmission(server);
        Reply auth = smtp.send("AUTH PLAIN " + plain(login, password));
        if (auth.code() != 235) {
            smtp.close();
            throw new IllegalStateException("AUTH as " + login + " refused: " + auth);
        }
        return smtp;
    }

    /** The MX port after STARTTLS with the development PKI's peer-operator certificate. */
    public static SmtpDialogue trustedPeer(CaduceeProcess server) throws Exception {
        SmtpDialogue smtp = connect(server.ports().mx());
        smtp.send("EHLO mx.peer-operator.localhost");
        smtp.startTls(TestClients.devPeerOperator(server));
        smtp.send("EHLO mx.peer-operator.localhost");
        return smtp;
    }

    public static String plain(String login, String password) {
        return Base64.getEncoder().encodeToString(("\0" + login + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    public Reply greeting() {
        return greeting;
    }

    public Reply send(String line) throws IOException {
        write(line);
        return read();
    }

    public void write(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** STARTTLS, then the handshake with the given client context (which may or may not hold a certificate). */
    public Reply startTls(SSLContext context) throws IOException {
        Reply reply = send("STARTTLS");
        if (reply.code() != 220) {
            return reply;
        }
        SSLSocket tls = (SSLSocket) context.getSocketFactory()
            .createSocket(socket, "localhost", socket.getPort(), true);
        tls.setSoTimeout(30_000);
        tls.startHandshake();
        attach(tls);
        return reply;
    }

    public Reply read() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed by the server" + (lines.isEmpty() ? "" : " after " + lines));
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return new Reply(Integer.parseInt(line.substring(0, 3)), lines);
            }
        }
    }

    private void attach(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
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
