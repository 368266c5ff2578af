package fr.caducee.server.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import fr.caducee.testkit.CaduceeProcess;

/**
 * The certificate each TLS listener of a running server shows at a new handshake, read by a real TLS client: implicit
 * TLS (submissions, IMAPS, the API, the webmail) and STARTTLS (MX, submission, IMAP).
 */
final class ServedCertificates {
    private ServedCertificates() {
    }

    enum Listener { MX, SUBMISSION, SUBMISSIONS, IMAP, IMAPS, API, WEBMAIL }

    static X509Certificate served(CaduceeProcess server, Listener listener, SSLContext client) throws IOException {
        CaduceeProcess.Ports ports = server.ports();
        return switch (listener) {
            case SUBMISSIONS -> implicit(ports.submissions(), client);
            case IMAPS -> implicit(ports.imaps(), client);
            case API -> implicit(ports.api(), client);
            case WEBMAIL -> implicit(ports.webmail(), client);
            case MX -> smtpStartTls(ports.mx(), client).certificate();
            case SUBMISSION -> smtpStartTls(ports.submission(), client).certificate();
            case IMAP -> imapStartTls(ports.imap(), client);
        };
    }

    static X509Certificate implicit(int port, SSLContext client) throws IOException {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** What the server showed, and whether it answered EHLO over TLS (with TLS 1.3 a refused client certificate shows there). */
    record SmtpTls(X509Certificate certificate, boolean answered) {
    }

    static SmtpTls smtpStartTls(int port, SSLContext client) throws IOException {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            plain.setSoTimeout(10_000);
            BufferedReader in = reader(plain);
            OutputStream out = plain.getOutputStream();
            smtpReply(in);
            write(out, "EHLO client.localhost");
            smtpReply(in);
            write(out, "STARTTLS");
            String ready = smtpReply(in);
            if (!ready.startsWith("220")) {
                throw new IOException("STARTTLS answered " + ready);
            }
            try (SSLSocket tls = (SSLSocket) client.getSocketFactory().createSocket(plain, "localhost", port, true)) {
                tls.setSoTimeout(10_000);
                tls.startHandshake();
                X509Certificate shown = (X509Certificate) tls.getSession().getPeerCertificates()[0];
                boolean answered;
                try {
                    write(tls.getOutputStream(), "EHLO client.localhost");
                    answered = smtpReply(reader(tls)).startsWith("250");
                } catch (IOException e) {
                    answered = false;
                }
                return new SmtpTls(shown, answered);
            }
        }
    }

    private static X509Certificate imapStartTls(int port, SSLContext client) throws IOException {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            plain.setSoTimeout(10_000);
            BufferedReader in = reader(plain);
            in.readLine();
            write(plain.getOutputStream(), "a1 STARTTLS");
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.startsWith("a1 "));
            if (line == null || !line.startsWith("a1 OK")) {
                throw new IOException("STARTTLS answered " + line);
            }
            try (SSLSocket tls = (SSLSocket) client.getSocketFactory().createSocket(plain, "localhost", port, true)) {
                tls.setSoTimeout(10_000);
                tls.startHandshake();
                return (X509Certificate) tls.getSession().getPeerCertificates()[0];
            }
        }
    }

    private static String smtpReply(BufferedReader in) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed by the server");
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        return line;
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static void write(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
