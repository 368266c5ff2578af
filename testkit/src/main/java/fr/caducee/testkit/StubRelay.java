package fr.caducee.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import fr.caducee.trust.pki.IssuedCertificate;

/**
 * An outbound mail relay (a smarthost outside the trust space) reduced to what a notice test observes: it greets,
 * offers STARTTLS when it has a certificate, asks for AUTH PLAIN when it has a login (after TLS only, as a relay
 * should), and records every message it takes with its envelope and whether it came over TLS. It answers 250 to
 * the rest; it relays nothing.
 */
public final class StubRelay implements AutoCloseable {

    /** A message the relay took. */
    public record Received(String mailFrom, List<String> rcptTo, String data, boolean overTls, Optional<String> login) {
    }

    private final ServerSocket listener;
    private final SSLContext tls;
    private final Optional<String> login;
    private final ExecutorService connections = Executors.newCachedThreadPool();
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private StubRelay(SSLContext tls, Optional<String> login) throws IOException {
        this.tls = tls;
        this.login = login;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        connections.submit(this::acceptLoop);
    }

    /** A relay in clear text, without STARTTLS nor AUTH. */
    public static StubRelay plain() throws IOException {
        return new StubRelay(null, Optional.empty());
    }

    /** A relay offering STARTTLS with this certificate, asking for {@code user:password} when given. */
    public static StubRelay withStartTls(IssuedCertificate certificate, Optional<String> login) throws Exception {
        return new StubRelay(context(certificate), login);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections opened to it, whatever came of them. */
    public int connections() {
        return accepted.get();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                accepted.incrementAndGet();
                connections.submit(() -> converse(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void converse(Socket plain) {
        try (plain) {
            plain.setSoTimeout(30_000);
            Session session = new Session(plain, false);
            session.reply("220 relay.localhost ESMTP stub");
            session.dialogue();
        } catch (IOException e) {
            // the client went away
        }
    }

    /** One SMTP conversation, started again on the TLS socket after STARTTLS. */
    private final class Session {
        private final Socket socket;
        private final boolean secured;
        private final BufferedReader in;
        private final OutputStream out;
        private String authenticated;
        private String mailFrom;
        private final List<String> rcptTo = new ArrayList<>();

        Session(Socket socket, boolean secured) throws IOException {
            this.socket = socket;
            this.secured = secured;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
        }

        void dialogue() throws IOException {
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.toUpperCase();
                if (command.startsWith("EHLO")) {
                    StringBuilder ehlo = new StringBuilder("250-relay.localhost\r\n");
                    if (tls != null && !secured) {
                        ehlo.append("250-STARTTLS\r\n");
                    }
                    if (login.isPresent() && (secured || tls == null)) {
                        ehlo.append("250-AUTH PLAIN\r\n");
                    }
                    reply(ehlo.append("250 8BITMIME").toString());
                } else if (command.startsWith("HELO")) {
                    reply("250 relay.localhost");
                } else if (command.equals("STARTTLS") && tls != null && !secured) {
                    reply("220 2.0.0 Ready to start TLS");
                    SSLSocket upgraded = (SSLSocket) tls.getSocketFactory().createSocket(socket, "localhost",
                        socket.getPort(), true);
                    upgraded.setUseClientMode(false);
                    try (upgraded) {
                        upgraded.startHandshake();
                        new Session(upgraded, true).dialogue();
                    }
                    return;
                } else if (command.startsWith("AUTH PLAIN")) {
                    String response = line.length() > "AUTH PLAIN ".length() ? line.substring("AUTH PLAIN ".length())
                        : prompt();
                    authenticate(response);
                } else if (command.startsWith("MAIL FROM:")) {
                    if (login.isPresent() && authenticated == null) {
                        reply("530 5.7.0 Authentication required");
                        continue;
                    }
                    mailFrom = line.substring("MAIL FROM:".length()).trim();
                    rcptTo.clear();
                    reply("250 2.1.0 OK");
                } else if (command.startsWith("RCPT TO:")) {
                    rcptTo.add(line.substring("RCPT TO:".length()).trim());
                    reply("250 2.1.5 OK");
                } else if (command.equals("DATA")) {
                    reply("354 End data with <CR><LF>.<CR><LF>");
                    StringBuilder data = new StringBuilder();
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        data.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
                    }
                    received.add(new Received(mailFrom, List.copyOf(rcptTo), data.toString(), secured,
                        Optional.ofNullable(authenticated)));
                    reply("250 2.0.0 queued");
                } else if (command.startsWith("QUIT")) {
                    reply("221 2.0.0 Bye");
                    return;
                } else {
                    reply("250 2.0.0 OK");
                }
            }
        }

        private String prompt() throws IOException {
            reply("334 ");
            String response = in.readLine();
            return response == null ? "" : response;
        }

        private void authenticate(String response) throws IOException {
            String[] parts = new String(Base64.getDecoder().decode(response.trim()), StandardCharsets.UTF_8)
                .split("\u0000", -1);
            String given = parts.length == 3 ? parts[1] + ":" + parts[2] : "";
            if (login.isPresent() && login.get().equals(given)) {
                authenticated = parts[1];
                reply("235 2.7.0 Authentication successful");
            } else {
                reply("535 5.7.8 Authentication credentials invalid");
            }
        }

        void reply(String text) throws IOException {
            out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    private static SSLContext context(IssuedCertificate certificate) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("relay", certificate.privateKey(), new char[0],
            certificate.chain().toArray(new X509Certificate[0]));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        return context;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        connections.shutdownNow();
    }
}
