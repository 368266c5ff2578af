package fr.caducee.server.submission;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import fr.caducee.rules.transport.SubmissionTickets;

/**
 * The server's submission listener reduced to what the outbox meets: implicit TLS with the given keystore, AUTH PLAIN
 * checked against the tickets as {@code SubmissionTicketHook} checks them, the refusals a test scripts (each told to
 * the ticket, as the hook tells them), and every message received kept. Or, when asked, a listener that never
 * greets.
 */
public final class StubSubmission implements AutoCloseable {
    private final ServerSocket listener;
    private final SubmissionTickets tickets;
    private final ExecutorService connections = Executors.newCachedThreadPool();
    public final List<String> logins = new CopyOnWriteArrayList<>();
    /** Each RCPT command as the client wrote it, parameters included (NOTIFY=...). */
    public final List<String> rcptLines = new CopyOnWriteArrayList<>();
    public final AtomicInteger connectionsAccepted = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    public final List<String> recipients = new CopyOnWriteArrayList<>();
    public final List<String> messages = new CopyOnWriteArrayList<>();
    /** Recipient -> reply, rule, sentence. */
    public final Map<String, List<String>> refusedRecipients = new ConcurrentHashMap<>();
    public volatile List<String> refusedMessage;
    public volatile boolean silent;

    public StubSubmission(Path keystore, char[] secret, SubmissionTickets tickets) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, secret);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, secret);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        this.listener = tls.getServerSocketFactory().createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.tickets = tickets;
        connections.submit(this::accept);
    }

    public SubmissionEndpoint endpoint() {
        return new SubmissionEndpoint("127.0.0.1", listener.getLocalPort(), true);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                connectionsAccepted.incrementAndGet();
                open.add(socket);
                connections.submit(() -> converse(socket));
            } catch (Exception e) {
                return;
            }
        }
    }

    private void converse(Socket socket) {
        try (socket) {
            socket.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            if (silent) {
                in.readLine();
                return;
            }
            write(out, "220 stub submission");
            Optional<SubmissionTickets.Redeemed> ticket = Optional.empty();
            for (String line; (line = in.readLine()) != null; ) {
                String command = line.toUpperCase();
                if (command.startsWith("EHLO")) {
                    write(out, "250-stub\r\n250-DSN\r\n250 AUTH PLAIN");
                } else if (command.startsWith("AUTH PLAIN")) {
                    String[] parts = new String(Base64.getDecoder().decode(line.substring(11).strip()),
                        StandardCharsets.UTF_8).split("\0");
                    ticket = tickets.redeem(parts[2]).filter(redeemed -> redeemed.box().equals(parts[1]));
                    logins.add(parts[1]);
                    write(out, ticket.isPresent() ? "235 2.7.0 Authentication Successful" : "535 5.7.8 no");
                } else if (command.startsWith("MAIL FROM")) {
                    write(out, "250 2.1.0 ok");
                } else if (command.startsWith("RCPT TO")) {
                    rcptLines.add(line);
                    String recipient = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                    List<String> refusal = refusedRecipients.get(recipient);
                    if (refusal != null) {
                        ticket.ifPresent(t -> t.refused(refusal.get(0), refusal.get(1), refusal.get(2)));
                        write(out, refusal.get(0) + " " + refusal.get(2));
                    } else {
                        recipients.add(recipient);
                        write(out, "250 2.1.5 ok");
                    }
                } else if (command.startsWith("DATA")) {
                    write(out, "354 go ahead");
                    StringBuilder message = new StringBuilder();
                    for (String data; (data = in.readLine()) != null && !data.equals("."); ) {
                        message.append(data.startsWith("..") ? data.substring(1) : data).append("\r\n");
                    }
                    List<String> refusal = refusedMessage;
                    if (refusal != null) {
                        ticket.ifPresent(t -> t.refused(refusal.get(0), refusal.get(1), refusal.get(2)));
                        write(out, refusal.get(0) + " " + refusal.get(2));
                    } else {
                        messages.add(message.toString());
                        write(out, "250 2.6.0 queued");
                    }
                } else if (command.startsWith("RSET")) {
                    write(out, "250 2.0.0 ok");
                } else if (command.startsWith("QUIT")) {
                    write(out, "221 2.0.0 bye");
                    return;
                } else {
                    write(out, "500 5.5.1 unknown");
                }
            }
        } catch (Exception e) {
            // The client went away: the test sees what it got.
        }
    }

    /** Closes every connection open now, as a listener does with idle ones. */
    public void dropConnections() throws Exception {
        for (Socket socket : open) {
            socket.close();
        }
        open.clear();
    }

    private static void write(OutputStream out, String reply) throws Exception {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws Exception {
        listener.close();
        connections.shutdownNow();
    }
}
