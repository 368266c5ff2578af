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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import fr.caducee.trust.pki.IssuedCertificate;

/**
 * A remote operator's MX reduced to what a delivery test needs to observe: it greets, offers STARTTLS with the given
 * certificate, asks for the client's certificate, and records every connection, failed handshake, client
 * certificate and MAIL FROM, answering 250 to everything once TLS is up.
 */
public final class StubOperator implements AutoCloseable {
    private final ServerSocket listener;
    private final SSLContext tls;
    private final ExecutorService connections = Executors.newCachedThreadPool();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger failedHandshakes = new AtomicInteger();
    private final List<String> clientCertificates = new CopyOnWriteArrayList<>();
    private final List<String> senders = new CopyOnWriteArrayList<>();
    private final List<String> recipients = new CopyOnWriteArrayList<>();

    public StubOperator(IssuedCertificate certificate, X509Certificate trustedRoot) throws Exception {
        this(certificate, trustedRoot, 0);
    }

    /** On a given port: a test routes mail to an operator that is not up yet, then starts it there. */
    public StubOperator(IssuedCertificate certificate, X509Certificate trustedRoot, int port) throws Exception {
        this.tls = context(certificate, trustedRoot);
        this.listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        connections.submit(this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public int connections() {
        return accepted.get();
    }

    public int failedHandshakes() {
        return failedHandshakes.get();
    }

    public List<String> clientCertificates() {
        return List.copyOf(clientCertificates);
    }

    public List<String> senders() {
        return List.copyOf(senders);
    }

    public List<String> recipients() {
        return List.copyOf(recipients);
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
            BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = plain.getOutputStream();
            reply(out, "220 stub.localhost ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.toUpperCase();
                if (command.startsWith("EHLO")) {
                    reply(out, "250-stub.localhost\r\n250 STARTTLS");
                } else if (command.startsWith("STARTTLS")) {
                    reply(out, "220 2.0.0 Ready to start TLS");
                    secured(plain);
                    return;
                } else if (command.startsWith("QUIT")) {
                    reply(out, "221 2.0.0 Bye");
                    return;
                } else {
                    reply(out, "530 5.7.0 Must issue a STARTTLS command first");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private void secured(Socket plain) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, "localhost", plain.getPort(), true);
        socket.setUseClientMode(false);
        socket.setWantClientAuth(true);
        try {
            socket.startHandshake();
        } catch (IOException e) {
            failedHandshakes.incrementAndGet();
            return;
        }
        try (socket) {
            try {
                clientCertificates.add(((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName());
            } catch (IOException e) {
                clientCertificates.add("none");
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.toUpperCase();
                if (command.startsWith("EHLO")) {
                    reply(out, "250-stub.localhost\r\n250 8BITMIME");
                } else if (command.startsWith("MAIL FROM:")) {
                    senders.add(line.substring("MAIL FROM:".length()).trim());
                    reply(out, "250 2.1.0 OK");
                } else if (command.startsWith("RCPT TO:")) {
                    recipients.add(line.substring("RCPT TO:".length()).trim());
                    reply(out, "250 2.1.5 OK");
                } else if (command.equals("DATA")) {
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        // the content is not what these tests look at
                    }
                    reply(out, "250 2.0.0 queued");
                } else if (command.startsWith("QUIT")) {
                    reply(out, "221 2.0.0 Bye");
                    return;
                } else {
                    reply(out, "250 2.0.0 OK");
                }
            }
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static SSLContext context(IssuedCertificate certificate, X509Certificate trustedRoot) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("stub", certificate.privateKey(), new char[0], certificate.chain().toArray(new X509Certificate[0]));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", trustedRoot);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        connections.shutdownNow();
    }
}
